"""Headings and fixed terms of the label and certificate in the four label languages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import NamedTuple


class Term(NamedTuple):
    """One term in Simplified Chinese, Traditional Chinese, English and Portuguese (Macao)."""

    zh_hans: str
    zh_hant: str
    en: str
    pt: str


# Certificate headings. Portuguese follows European (Macao) usage; terms follow ISO 14067:2018
# and GB/T 24067-2024 wording.
HEADINGS: dict[str, Term] = {
    "title": Term(
        "碳足迹标识证书",
        "碳足跡標識證書",
        "Carbon Footprint Label Certificate",
        "Certificado de Rótulo de Pegada de Carbono",
    ),
    "label_id": Term("标识编号", "標識編號", "Label ID", "N.º do rótulo"),
    "status": Term("状态", "狀態", "Status", "Estado"),
    "product": Term("产品名称", "產品名稱", "Product name", "Nome do produto"),
    "gtin_sku": Term("商品条码 / 型号", "商品條碼 / 型號", "GTIN / SKU", "GTIN / Referência"),
    "manufacturer": Term("生产企业", "生產企業", "Manufacturer", "Fabricante"),
    "site": Term("生产场所", "生產場所", "Production site", "Local de produção"),
    "declared_unit": Term("声明单位", "聲明單位", "Declared unit", "Unidade declarada"),
    "footprint": Term(
        "产品碳足迹", "產品碳足跡", "Product carbon footprint", "Pegada de carbono do produto"
    ),
    "pcf_excluding": Term(
        "不含生物源碳移除",
        "不含生物源碳移除",
        "Excluding biogenic uptake",
        "Excluindo a remoção biogénica",
    ),
    "pcf_including": Term(
        "含生物源碳移除",
        "含生物源碳移除",
        "Including biogenic uptake",
        "Incluindo a remoção biogénica",
    ),
    "fossil": Term(
        "化石温室气体排放", "化石溫室氣體排放", "Fossil GHG emissions", "Emissões fósseis"
    ),
    "biogenic": Term("生物源排放", "生物源排放", "Biogenic emissions", "Emissões biogénicas"),
    "land_use_change": Term(
        "土地利用变化排放",
        "土地利用變化排放",
        "Land-use change emissions",
        "Emissões por alteração do uso do solo",
    ),
    "biogenic_uptake": Term("生物源碳移除", "生物源碳移除", "Biogenic uptake", "Remoção biogénica"),
    "pollutants": Term(
        "伴生大气污染物",
        "伴生大氣污染物",
        "Co-emitted air pollutants",
        "Poluentes atmosféricos coemitidos",
    ),
    "change_since": Term(
        "较上一张标识的变化",
        "較上一張標識的變化",
        "Change since the previous label",
        "Variação desde o rótulo anterior",
    ),
    "characterization": Term("特征化方法", "特徵化方法", "Characterisation", "Caracterização"),
    "boundary": Term("系统边界", "系統邊界", "System boundary", "Fronteira do sistema"),
    "standards": Term("依据标准", "依據標準", "Standards", "Normas"),
    "pcr": Term(
        "产品种类规则", "產品種類規則", "Product category rules", "Regras de categoria de produto"
    ),
    "reference_period": Term(
        "数据参考期", "數據參考期", "Reference period", "Período de referência"
    ),
    "library": Term("因子库版本", "因子庫版本", "Factor library", "Biblioteca de fatores"),
    "method": Term("评价方法版本", "評價方法版本", "Method", "Método"),
    "primary_data_share": Term(
        "初级数据占比", "初級數據佔比", "Primary data share", "Percentagem de dados primários"
    ),
    "data_quality_rating": Term(
        "数据质量评级",
        "數據質量評級",
        "Data quality rating",
        "Classificação da qualidade dos dados",
    ),
    "body": Term("认证机构", "認證機構", "Certification body", "Organismo de certificação"),
    "accreditation": Term("认可资质", "認可資格", "Accreditation", "Acreditação"),
    "issued": Term("签发日期", "簽發日期", "Issued", "Data de emissão"),
    "valid_until": Term("有效期至", "有效期至", "Valid until", "Válido até"),
    "verification": Term("核验网址", "核驗網址", "Verification", "Verificação"),
    "contributions": Term("主要贡献", "主要貢獻", "Main contributions", "Principais contribuições"),
    "fingerprint": Term(
        "计算指纹", "計算指紋", "Calculation fingerprint", "Impressão digital do cálculo"
    ),
    "none": Term("无", "無", "none", "nenhuma"),
}

# Verdicts (LABELS.md, "QR code and pages").
STATUS_TERMS: dict[str, Term] = {
    "valid": Term("有效", "有效", "Valid", "Válido"),
    "suspended": Term("暂停", "暫停", "Suspended", "Suspenso"),
    "revoked": Term("已撤销", "已撤銷", "Revoked", "Revogado"),
    "expired": Term("已过期", "已過期", "Expired", "Expirado"),
    "unknown": Term("未知", "未知", "Unknown", "Desconhecido"),
}

# System boundaries (ISO 14067:2018, 3.1.4.1; DOMAIN.md, "What a label states").
BOUNDARY_TERMS: dict[str, Term] = {
    "cradle-to-gate": Term("从摇篮到大门", "從搖籃到大門", "Cradle to gate", "Do berço à porta"),
    "cradle-to-grave": Term(
        "从摇篮到坟墓", "從搖籃到墳墓", "Cradle to grave", "Do berço ao túmulo"
    ),
    "cradle-to-site": Term("从摇篮到现场", "從搖籃到現場", "Cradle to site", "Do berço ao local"),
}

# Life-cycle stages of a BOM line (lca_models/bom.py, STAGES).
STAGE_TERMS: dict[str, Term] = {
    "raw_materials": Term("原材料", "原材料", "Raw materials", "Matérias-primas"),
    "production": Term("生产", "生產", "Production", "Produção"),
    "distribution": Term("分销", "分銷", "Distribution", "Distribuição"),
    "use": Term("使用", "使用", "Use", "Utilização"),
    "end_of_life": Term("废弃处理", "廢棄處理", "End of life", "Fim de vida"),
}

# What a pollutant amount covers: the share of the footprint's kg CO2e whose data report it.
COVERAGE_TERMS: dict[str, Term] = {
    "not_covered": Term("未覆盖", "未覆蓋", "not covered", "não coberto"),
    "partial": Term("部分覆盖", "部分覆蓋", "partial", "parcial"),
}


def coverage_percent(share: Decimal) -> str:
    """Write a partial coverage as whole percent, never rounding up to 100 or down to 0."""
    whole = int(share * 100)
    return "<1 %" if whole < 1 else f"{min(whole, 99)} %"


# Air pollutant display names (DOMAIN.md lists NOx, SO2, PM2.5, NMVOC).
# How a pollutant moved together with CO2e (synergy assessment classifications).
CHANGE_TERMS: dict[str, Term] = {
    "synergy": Term("协同减排", "協同減排", "synergy", "sinergia"),
    "carbon_only": Term("仅减碳", "僅減碳", "carbon only", "só carbono"),
    "pollution_only": Term("仅减污", "僅減污", "pollution only", "só poluição"),
    "trade_off": Term("此消彼长", "此消彼長", "trade-off", "compromisso"),
    "neither": Term("均未下降", "均未下降", "neither fell", "nenhum desceu"),
}

POLLUTANT_NAMES: dict[str, str] = {"nox": "NOx", "so2": "SO2", "pm25": "PM2.5", "nmvoc": "NMVOC"}


def term(table: dict[str, Term], key: str) -> Term:
    """Return the term for key, or the key itself in every language when the table lacks it."""
    return table.get(key) or Term(key, key, key, key)


def decimal_text(value: Decimal) -> str:
    """Write a decimal as signed, in plain notation (never 1E+2)."""
    return format(value, "f")


def percent_text(share: Decimal) -> str:
    """Write a share (0.4572) as a percentage (45.72 %)."""
    return f"{format((share * 100).normalize(), 'f')} %"


def change_text(reduction: Decimal) -> str:
    """Write a reduction (0.25) as the signed change it is (\u221225 %; a rise is +)."""
    change = (-reduction * 100).quantize(Decimal("0.1"))
    sign = "\u2212" if change < 0 else "+" if change > 0 else "\u00b1"
    return f"{sign}{format(abs(change).normalize(), 'f')} %"


def date_text(value: date | datetime) -> str:
    """Write a date in ISO 8601 (readable in all four languages); timestamps in UTC."""
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date()
    return value.isoformat()
