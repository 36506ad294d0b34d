// The share kit's copy buttons: each copies its caption to the clipboard and says so.
// The clipboard API needs a secure context (HTTPS or this machine); an admin reached over plain
// HTTP on an internal network copies the selected text the older way.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-caption]");
  if (!button) return;
  const caption = document.getElementById(button.dataset.copyCaption);
  if (navigator.clipboard) {
    await navigator.clipboard.writeText(caption.value);
  } else {
    caption.select();
    document.execCommand("copy");
  }
  button.parentElement.querySelector("[data-copied]").hidden = false;
});
