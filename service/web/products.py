"""Manufacturer pages: products, BOM versions (upload from CSV/XLSX), calculations, applying."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.services.accounts import portal
from service.services.certification import applications
from service.services.footprints import boms, calculations, contributions, products
from service.web import forms
from service.web.blueprint import web
from service.web.context import caller, db, runtime


@web.get("/products")
def products_page() -> ResponseReturnValue:
    """List the organisation's products, with the form to register one."""
    found = products.list_products(db(), caller())
    return render_template("web/products.html", products=found)


@web.post("/products")
def create_product() -> ResponseReturnValue:
    """Register a product."""
    product = products.create_product(db(), caller(), forms.product(request.form))
    flash(gettext("Product %(sku)s registered.", sku=product.sku), "success")
    return redirect(url_for("web.product", product_id=product.id))


@web.get("/products/<product_id>")
def product(product_id: str) -> ResponseReturnValue:
    """Show a product, its BOM versions and the BOM upload form."""
    page = portal.product_page(db(), caller(), product_id)
    return render_template("web/product.html", **page)


@web.post("/products/<product_id>/boms")
def upload_bom(product_id: str) -> ResponseReturnValue:
    """Create the product's next BOM version from an uploaded CSV or XLSX file."""
    header = forms.bom_header(request.form)
    filename, content = forms.upload(request.files)
    bom = boms.import_bom(db(), caller(), runtime(), product_id, header, filename, content)
    flash(gettext("BOM version %(version)s stored.", version=bom.version), "success")
    return redirect(url_for("web.bom", bom_id=bom.id))


@web.get("/boms/<bom_id>")
def bom(bom_id: str) -> ResponseReturnValue:
    """Show a BOM version: its lines, its calculations, and the forms to calculate and apply."""
    page = portal.bom_page(db(), caller(), bom_id)
    return render_template("web/bom.html", **page)


@web.post("/boms/<bom_id>/calculations")
def calculate(bom_id: str) -> ResponseReturnValue:
    """Calculate the BOM version's footprint and show the result."""
    calculation = calculations.calculate(db(), caller(), runtime(), bom_id)
    flash(gettext("Footprint calculated."), "success")
    return redirect(url_for("web.calculation", calculation_id=calculation.id))


@web.get("/calculations/<calculation_id>")
def calculation(calculation_id: str) -> ResponseReturnValue:
    """Show a calculation: totals, parts, pollutants, data quality, lines and the chart."""
    page = portal.calculation_page(db(), caller(), runtime(), calculation_id)
    upstream = contributions.largest_lines(db(), caller(), runtime(), calculation_id)
    return render_template("web/calculation.html", **page, upstream=upstream)


@web.post("/boms/<bom_id>/applications")
def apply(bom_id: str) -> ResponseReturnValue:
    """Apply to a certification body for a label on this calculated BOM version."""
    body, metered = forms.application(request.form)
    application = applications.apply(db(), caller(), bom_id, body, metered)
    flash(gettext("Application submitted."), "success")
    return redirect(url_for("web.application", application_id=application.id))
