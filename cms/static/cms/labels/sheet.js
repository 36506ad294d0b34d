// The label sheet's print button, in a file rather than inline: a Content Security Policy
// without 'unsafe-inline' still lets it run.
document.querySelector("[data-print-sheet]").addEventListener("click", () => window.print());
