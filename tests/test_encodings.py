"""Decoding pages in many encodings: BOMs, transport and meta labels, conflicts, detection.

Every page is written here as str and encoded with Python's codecs, so the expected text is
known exactly. The sniffing order is the WHATWG one (BOM, transport, meta prescan,
detection), with the label table of the Encoding Standard.
"""

from __future__ import annotations

import codecs

import pytest

import thresher
from thresher.errors import DecodeError
from thresher.html.decode import decode_page, detect
from thresher.html.whatwg import encoding_from_meta_content, get_encoding, prescan
from thresher.options import Options

OPTS = Options()

# (language, text): each text has characters that only decode right in the right encoding.
TEXTS = {
    "ja": "日本語のテキストです。これは文字コードの試験のための文章で、十分な長さがあります。"
          "東京は日本の首都であり、多くの人々が住んでいます。桜の季節には公園が賑わいます。",
    "ko": "한국어 텍스트입니다. 이것은 문자 인코딩 시험을 위한 문장이며 충분히 깁니다. "
          "서울은 한국의 수도이며 많은 사람들이 살고 있습니다. 봄에는 꽃이 핍니다.",
    "zh": "这是中文文本。这是一个用于测试字符编码的句子，长度足够。北京是中国的首都，"
          "有很多人居住在那里。春天的时候公园里开满了花。",
    "zh-tw": "這是中文文本。這是一個用於測試字元編碼的句子，長度足夠。台北是台灣的城市，"
             "有很多人居住在那裡。春天的時候公園裡開滿了花。",
    "ru": "Это русский текст. Это предложение для проверки кодировки, достаточно длинное. "
          "Москва - столица России, в ней живёт много людей. Весной в парках цветут деревья.",
    "ar": "هذا نص عربي. هذه جملة لاختبار ترميز الأحرف وهي طويلة بما فيه الكفاية. "
          "القاهرة عاصمة مصر ويعيش فيها كثير من الناس. في الربيع تتفتح الأزهار في الحدائق.",
    "fr": "Ceci est un texte français. Une phrase assez longue pour l’essai d’encodage : "
          "« été », « où », « garçon », « cœur » et 5 € — voilà qui suffit.",
    "es": "El niño comió mañana en el año pasado. ¿Dónde está la estación? ¡Qué día más "
          "bonito! La canción del señor Muñoz sonó en la radio durante la mañana.",
    "pl": "Zażółć gęślą jaźń. Polska jest krajem w Europie Środkowej, stolicą jest Warszawa, "
          "a największą rzeką Wisła. Łódź i Kraków to duże miasta.",
    "el": "Αυτό είναι ελληνικό κείμενο. Μια πρόταση αρκετά μεγάλη για τη δοκιμή της "
          "κωδικοποίησης. Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
    "th": "นี่คือข้อความภาษาไทย ประโยคนี้ยาวพอสำหรับการทดสอบการเข้ารหัสอักขระ "
          "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย",
    "he": "זהו טקסט בעברית. משפט ארוך מספיק כדי לבדוק את קידוד התווים. "
          "ירושלים היא עיר עתיקה ויפה.",
    "tr": "Bu Türkçe bir metindir. İstanbul, Türkiye'nin en büyük şehridir ve çok güzel "
          "bir yerdir. Ağaçlar yeşil, gökyüzü mavi; şarkılar çalınıyor.",
    "de": "Die Straße führt über die Brücke. Größere Häuser stehen dort, schön und alt. "
          "Der Preis beträgt 5 € für Äpfel und Öl.",
}


def page(text: str, head: str = "", title: str = "Test") -> str:
    """A small article page around `text`, with `head` markup first in the head."""
    paragraphs = "".join(f"<p>{text}</p>\n" for _ in range(3))
    return (f"<!DOCTYPE html>\n<html><head>{head}<title>{title}</title></head>\n"
            f"<body><article><h1>{title}</h1>\n{paragraphs}</article></body></html>\n")


def meta(label: str) -> str:
    return f'<meta charset="{label}">'


# (codec used to write the bytes, the label the page declares, language)
LABELLED = [
    ("utf-8", "utf-8", "ja"),
    ("shift_jis", "Shift_JIS", "ja"),
    ("cp932", "windows-31j", "ja"),
    ("euc_jp", "EUC-JP", "ja"),
    ("iso2022_jp", "ISO-2022-JP", "ja"),
    ("euc_kr", "EUC-KR", "ko"),
    ("cp949", "ks_c_5601-1987", "ko"),
    ("gbk", "GBK", "zh"),
    ("gb2312", "gb2312", "zh"),
    ("gb18030", "GB18030", "zh"),
    ("big5", "Big5", "zh-tw"),
    ("cp1251", "windows-1251", "ru"),
    ("koi8_r", "KOI8-R", "ru"),
    ("iso8859_5", "ISO-8859-5", "ru"),
    ("cp1256", "windows-1256", "ar"),
    ("iso8859_6", "ISO-8859-6", "ar"),
    ("cp1252", "windows-1252", "fr"),
    ("cp1252", "iso-8859-1", "fr"),  # WHATWG: latin1 labels mean windows-1252 (€, “, —)
    ("cp1252", "us-ascii", "es"),
    ("iso8859_2", "ISO-8859-2", "pl"),
    ("cp1250", "windows-1250", "pl"),
    ("iso8859_7", "ISO-8859-7", "el"),
    ("cp874", "TIS-620", "th"),  # WHATWG: tis-620 means windows-874
    ("iso8859_8", "ISO-8859-8", "he"),
    ("cp1255", "windows-1255", "he"),
    ("cp1254", "ISO-8859-9", "tr"),  # WHATWG: iso-8859-9 means windows-1254
    ("iso8859_15", "ISO-8859-15", "de"),
]


@pytest.mark.parametrize(("codec", "label", "lang"), LABELLED,
                         ids=[f"{c}-{label}" for c, label, _ in LABELLED])
def test_meta_labelled_page_decodes(codec: str, label: str, lang: str) -> None:
    text = TEXTS[lang]
    data = page(text, meta(label)).encode(codec)
    decoded = decode_page(data, OPTS)
    assert text in decoded.text
    assert decoded.source == "meta"


@pytest.mark.parametrize(("codec", "label", "lang"), LABELLED[:14],
                         ids=[f"{c}-{label}" for c, label, _ in LABELLED[:14]])
def test_transport_labelled_page_decodes(codec: str, label: str, lang: str) -> None:
    text = TEXTS[lang]
    data = page(text).encode(codec)
    decoded = decode_page(data, OPTS, content_type=f"text/html; charset={label}")
    assert text in decoded.text
    assert decoded.source == "transport"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                   "utf-32-le", "utf-32-be"])
def test_bom_wins_over_every_label(codec: str) -> None:
    text = TEXTS["ru"] + TEXTS["ja"]
    html = page(text, meta("windows-1252"))
    data = html.encode(codec)
    if not codec.endswith("sig") and codec in ("utf-16-le", "utf-16-be", "utf-32-le",
                                                "utf-32-be"):
        data = "\ufeff".encode(codec) + data
    decoded = decode_page(data, OPTS, content_type="text/html; charset=koi8-r")
    assert decoded.source == "bom"
    assert text in decoded.text
    assert "\ufeff" not in decoded.text


@pytest.mark.parametrize(("codec", "lang"), [
    ("shift_jis", "ja"), ("euc_kr", "ko"), ("gb18030", "zh"), ("big5", "zh-tw"),
    ("cp1251", "ru"), ("koi8_r", "ru"), ("cp1256", "ar"), ("cp1252", "fr"), ("cp1252", "es"),
    ("cp1253", "el"), ("cp1250", "pl"), ("cp1254", "tr"), ("utf-8", "ja"),
])
def test_unlabelled_page_is_detected(codec: str, lang: str) -> None:
    text = TEXTS[lang]
    decoded = decode_page(page(text).encode(codec), OPTS)
    assert decoded.source == "detected"
    assert text in decoded.text


def test_utf16_without_bom_is_detected() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        decoded = decode_page(page(TEXTS["ru"]).encode(codec), OPTS)
        assert TEXTS["ru"] in decoded.text


def test_label_mapping_uses_whatwg_supersets() -> None:
    # gb2312-labelled pages are decoded as GBK = gb18030 (four-byte sequences included).
    text = "中文 ḿ 𠀀 €"
    assert text in decode_page(page(text, meta("gb2312")).encode("gb18030"), OPTS).text
    # big5-labelled pages are decoded with HKSCS.
    hk = "香港字：㗎 嘅"
    assert hk in decode_page(page(hk, meta("big5")).encode("big5hkscs"), OPTS).text
    # shift_jis-labelled pages are decoded as windows-31j (NEC and IBM extensions).
    ext = "①②③ ㈱ ≒"
    assert ext in decode_page(page(ext, meta("shift_jis")).encode("cp932"), OPTS).text
    # euc-kr-labelled pages are decoded as windows-949 (UHC).
    uhc = "똠방각하 햏"
    assert uhc in decode_page(page(uhc, meta("euc-kr")).encode("cp949"), OPTS).text


# -- conflicts: header vs meta, labels that lie ---------------------------------------------

def test_transport_charset_wins_over_meta() -> None:
    text = TEXTS["ru"]
    data = page(text, meta("koi8-r")).encode("cp1251")
    decoded = decode_page(data, OPTS, content_type="text/html; charset=windows-1251")
    assert decoded.source == "transport"
    assert text in decoded.text


def test_wrong_utf8_header_gives_way_to_meta() -> None:
    text = TEXTS["fr"]
    data = page(text, meta("windows-1252")).encode("cp1252")
    decoded = decode_page(data, OPTS, content_type="text/html; charset=utf-8")
    assert decoded.source == "meta"
    assert text in decoded.text
    assert any("transport charset utf-8 does not fit" in w for w in decoded.warnings)


def test_utf8_page_labelled_latin1_by_the_server_is_utf8() -> None:
    text = TEXTS["de"] + TEXTS["ja"]
    data = page(text).encode("utf-8")
    decoded = decode_page(data, OPTS, content_type="text/html; charset=ISO-8859-1")
    assert text in decoded.text
    assert decoded.encoding == "utf-8"
    assert any("valid UTF-8" in w for w in decoded.warnings)


def test_utf8_page_with_a_legacy_meta_is_utf8() -> None:
    text = TEXTS["ru"]
    decoded = decode_page(page(text, meta("windows-1251")).encode("utf-8"), OPTS)
    assert text in decoded.text
    assert decoded.encoding == "utf-8"


def test_meta_utf16_in_an_ascii_compatible_page_means_utf8() -> None:
    text = TEXTS["ja"]
    decoded = decode_page(page(text, meta("utf-16")).encode("utf-8"), OPTS)
    assert decoded.source == "meta"
    assert decoded.encoding == "utf-8"
    assert text in decoded.text


def test_http_equiv_meta_and_pragma_rules() -> None:
    text = TEXTS["ko"]
    head = '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
    decoded = decode_page(page(text, head).encode("euc_kr"), OPTS)
    assert (decoded.source, text in decoded.text) == ("meta", True)
    # content= without http-equiv=content-type does not count (need pragma).
    assert prescan(b'<meta content="text/html; charset=koi8-r">') is None
    assert prescan(b'<meta http-equiv=content-type content="charset=koi8-r">') == "koi8-r"


def test_meta_in_a_comment_is_ignored() -> None:
    text = TEXTS["ru"]
    head = '<!-- <meta charset="koi8-r"> --><meta charset="windows-1251">'
    decoded = decode_page(page(text, head).encode("cp1251"), OPTS)
    assert decoded.encoding == "cp1251"
    assert text in decoded.text


def test_meta_after_the_first_kilobyte_is_still_found() -> None:
    text = TEXTS["ru"]
    head = "<script>" + "var x = 1;\n" * 200 + "</script>" + meta("koi8-r")
    decoded = decode_page(page(text, head).encode("koi8_r"), OPTS)
    assert decoded.source == "meta"
    assert text in decoded.text


def test_unknown_label_is_ignored() -> None:
    text = TEXTS["ru"]
    decoded = decode_page(page(text, meta("x-no-such-charset")).encode("cp1251"), OPTS,
                          content_type="text/html; charset=bogus")
    assert decoded.source == "detected"
    assert text in decoded.text


def test_replacement_encoding_is_a_decode_error() -> None:
    data = page("hello", meta("iso-2022-kr")).encode("ascii")
    with pytest.raises(DecodeError, match="replacement"):
        decode_page(data, OPTS)


def test_x_user_defined_meta_means_windows_1252() -> None:
    decoded = decode_page(page("caf\u00e9 \u20ac", meta("x-user-defined")).encode("cp1252"),
                          OPTS)
    assert "caf\u00e9 \u20ac" in decoded.text


# -- invalid bytes -------------------------------------------------------------------------

def test_invalid_utf8_sequences_are_replaced_not_fatal() -> None:
    good = TEXTS["ru"]
    data = page(good, meta("utf-8")).encode("utf-8").replace(b"<h1>", b"<h1>\xff\xfe\xc3(")
    decoded = decode_page(data, OPTS)
    assert good in decoded.text
    assert "\ufffd" in decoded.text


def test_truncated_multibyte_sequence_at_the_end() -> None:
    data = page(TEXTS["ja"]).encode("utf-8") + "日".encode()[:2]
    decoded = decode_page(data, OPTS)
    assert decoded.encoding == "utf-8"
    assert TEXTS["ja"] in decoded.text


def test_invalid_sequences_in_a_legacy_cjk_page() -> None:
    text = TEXTS["ja"]
    data = page(text, meta("shift_jis")).encode("shift_jis").replace(b"<h1>", b"<h1>\x81\xff")
    decoded = decode_page(data, OPTS)
    assert text in decoded.text


def test_decoded_text_has_no_control_characters() -> None:
    data = page("a\x01b\x7fc\x85d", meta("windows-1252")).encode("latin-1")
    text = decode_page(data, OPTS).text
    assert not any(c in text for c in "\x01\x7f\x85")


# -- the label table and the prescan -------------------------------------------------------

def test_get_encoding_follows_the_label_table() -> None:
    assert get_encoding("  UTF8\t") == "utf-8"
    assert get_encoding("latin1") == "windows-1252"
    assert get_encoding("ascii") == "windows-1252"
    assert get_encoding("x-sjis") == "shift_jis"
    assert get_encoding("ks_c_5601-1987") == "euc-kr"
    assert get_encoding("iso-8859-11") == "windows-874"
    assert get_encoding("unicode") == "utf-16le"
    assert get_encoding("hz-gb-2312") == "replacement"
    assert get_encoding("utf-32") is None  # not a label of the standard
    assert get_encoding("latin-1") is None


def test_prescan_details() -> None:
    assert prescan(b"<meta charset=koi8-r>") == "koi8-r"
    assert prescan(b"<META CHARSET='Windows-1251'/>") == "windows-1251"
    assert prescan(b'<meta charset="x-user-defined">') == "windows-1252"
    assert prescan(b'<meta charset="utf-16be">') == "utf-8"
    assert prescan(b'<meta charset="koi8-r" charset="cp1251">') == "koi8-r"  # first wins
    assert prescan(b'<meta name="viewport" content="width=device-width">') is None
    assert prescan(b'<div title="<meta charset=koi8-r>">') is None  # inside an attribute
    assert prescan(b"<metacharset=koi8-r>") is None
    assert prescan(b"<meta charset=\"koi8-r") is None  # unterminated at the end
    assert prescan(b" " * 1030 + b"<meta charset=koi8-r>") is None  # past 1024 bytes


def test_extracting_an_encoding_from_meta_content() -> None:
    assert encoding_from_meta_content("text/html; charset=EUC-KR") == "euc-kr"
    assert encoding_from_meta_content("text/html;charset = 'big5'") == "big5"
    assert encoding_from_meta_content('charset="unterminated') is None
    assert encoding_from_meta_content("text/html; charsetx=utf-8; charset=gbk") == "gbk"


def test_detect_returns_utf8_for_ascii() -> None:
    assert detect(b"<html><body>plain ascii</body></html>") == "utf-8"


# -- end to end ----------------------------------------------------------------------------

@pytest.mark.parametrize(("codec", "label", "lang"), [
    ("shift_jis", "Shift_JIS", "ja"), ("euc_kr", "EUC-KR", "ko"), ("cp1251", "", "ru"),
    ("utf-16", "", "ar"), ("gb18030", "gbk", "zh"),
])
def test_extract_decodes_the_article(codec: str, label: str, lang: str) -> None:
    text = TEXTS[lang]
    html = page(text, meta(label) if label else "", title="A headline")
    article = thresher.extract(html.encode(codec))
    assert article.title == "A headline"
    assert text[:20] in article.text
    assert "\ufffd" not in article.text


def test_str_input_is_not_redecoded() -> None:
    html = page(TEXTS["ru"], meta("koi8-r"))
    decoded = decode_page(html, OPTS)
    assert decoded.source == "str"
    assert TEXTS["ru"] in decoded.text


def test_codecs_used_are_known_to_python() -> None:
    from thresher.html.whatwg import PYTHON_CODEC

    for name, codec in PYTHON_CODEC.items():
        assert codecs.lookup(codec), name



@pytest.mark.parametrize("gaps", [[65535], [65536], [70000], [140000, 10, 65536, 200000],
                                  [5, 32768, 65536], [100_000, 0]])
@pytest.mark.parametrize("offset", [0, 1, 32767, 32768, 50000])
def test_long_runs_are_the_maximal_runs_without_a_tag_end(gaps: list[int], offset: int) -> None:
    import re

    from thresher.html.decode import long_runs

    text = "<p>x</p>" * (offset // 8) + "".join("<div " + "a" * g + ">" for g in gaps)
    for head, tail in (("", ""), ("", "<p>y</p>" * 20_000), ("q" * 70_000, "z" * 70_000)):
        page = head + text + tail
        oracle = [m.span() for m in re.finditer(r"(?<![^>])(?>[^>]{65536,})", page)]
        assert long_runs(page) == oracle

def test_tag_with_too_many_attributes_is_capped() -> None:
    attrs = " ".join(f"a{i}='v'" for i in range(20_000))
    out = decode_page(f"<html><body><div {attrs}>text</div></body></html>", OPTS)
    assert out.text.count("=") < 1100 and out.text.endswith("text</div></body></html>")
    assert any("attributes" in w for w in out.warnings)
