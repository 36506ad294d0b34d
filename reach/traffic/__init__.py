"""Traffic counted from the access logs the public site's storage, CDN or web server already
writes: no tracker on the site, and nothing personal kept.

``manage.py import_traffic`` reads each log once: `formats` turns a line into a request (one
parser per log format, one registry), `places` finds the site and the page the request asked
for (the baked paths of each site's latest bake, a product's order addresses among them),
`channels` tells bots, assets and where the visitor came from, and `importer` adds the counts
of one file in one transaction, with what it read, so a log imported again counts nothing twice.
"""
