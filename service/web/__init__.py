"""Server-rendered web pages (templates/web/): the certification workflow issue."""
