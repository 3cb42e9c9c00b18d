"""The real consumers of bulkhead's exchange formats, run by test/support/exchange.ts.

    python3 exchange_validate.py ocsf FILE   every element a py_ocsf_models DetectionFinding
    python3 exchange_validate.py asff FILE   BatchImportFindings input, in batches of 100

Prints one JSON object: {"count": n, "batches": b, "errors": ["where: what", ...]}.

OCSF: pydantic ignores attributes a model does not declare and coerces types, so a finding is
also dumped back and compared with what bulkhead wrote: an attribute the model dropped or changed
is an error. ASFF: botocore's ParamValidator checks required members, types and minimum lengths;
it does not check enums, patterns or maximum lengths, so this walks the same model for the first
two and checks the limits of the ASFF syntax reference (not in botocore's model) for the last.
"""
import json
import re
import sys


def ocsf(findings):
    from py_ocsf_models.events.findings.detection_finding import DetectionFinding
    from pydantic import ValidationError

    errors = []
    for i, f in enumerate(findings):
        try:
            model = DetectionFinding.model_validate(f)
        except ValidationError as e:
            errors += [f"[{i}].{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()]
            continue
        errors += diff(f, model.model_dump(mode="json", exclude_unset=True), f"[{i}]")
    return {"count": len(findings), "batches": 1, "errors": errors}


def diff(wrote, read, path):
    if isinstance(wrote, dict) and isinstance(read, dict):
        out = [f"{path}.{k}: not an attribute of the model (dropped)" for k in wrote if k not in read]
        out += [f"{path}.{k}: added by the model" for k in read if k not in wrote]
        for k in wrote:
            if k in read:
                out += diff(wrote[k], read[k], f"{path}.{k}")
        return out
    if isinstance(wrote, list) and isinstance(read, list) and len(wrote) == len(read):
        return [e for i, (a, b) in enumerate(zip(wrote, read)) for e in diff(a, b, f"{path}[{i}]")]
    if wrote != read or type(wrote) is not type(read):
        return [f"{path}: wrote {wrote!r}, the model reads {read!r}"]
    return []


# Limits of the ASFF syntax reference (AwsSecurityFinding) that botocore's model does not carry.
MAX_LENGTH = {
    ("Id",): 512,
    ("Title",): 256,
    ("Description",): 1024,
    ("Remediation", "Recommendation", "Text"): 512,
    ("Note", "Text"): 512,
}
TYPE_NAMESPACES = {
    "Software and Configuration Checks",
    "TTPs",
    "Effects",
    "Unusual Behaviors",
    "Sensitive Data Identifications",
}
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def asff(findings):
    import botocore.session
    from botocore.validate import ParamValidator

    model = botocore.session.get_session().get_service_model("securityhub")
    shape = model.operation_model("BatchImportFindings").input_shape
    errors = []
    batches = [findings[i : i + 100] for i in range(0, len(findings), 100)]
    for b, batch in enumerate(batches):
        report = ParamValidator().validate({"Findings": batch}, shape)
        if report.has_errors():
            errors.append(f"batch {b}: {report.generate_report()}")
        walk({"Findings": batch}, shape, f"batch {b}", errors)
    for i, f in enumerate(findings):
        errors += limits(f, f"[{i}]")
    return {"count": len(findings), "batches": len(batches), "errors": errors}


def walk(value, shape, path, errors):
    """enum and pattern of every string in the model, which ParamValidator leaves alone"""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for k, v in value.items():
            if k in shape.members:
                walk(v, shape.members[k], f"{path}.{k}", errors)
    elif kind == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            walk(v, shape.member, f"{path}[{i}]", errors)
    elif kind == "map" and isinstance(value, dict):
        for k, v in value.items():
            walk(k, shape.key, f"{path} key", errors)
            walk(v, shape.value, f"{path}.{k}", errors)
    elif kind == "string" and isinstance(value, str):
        enum = shape.metadata.get("enum")
        if enum and value not in enum:
            errors.append(f"{path}: {value!r} is not one of {enum}")
        pattern = shape.metadata.get("pattern")
        if pattern and not re.fullmatch(pattern, value):
            errors.append(f"{path}: {value!r} does not match {pattern}")


def limits(f, path):
    errors = []
    for keys, most in MAX_LENGTH.items():
        v = f
        for k in keys:
            v = v.get(k) if isinstance(v, dict) else None
        if isinstance(v, str) and len(v) > most:
            errors.append(f"{path}.{'.'.join(keys)}: {len(v)} characters (at most {most})")
    for t in f.get("Types", []):
        parts = t.split("/")
        if len(parts) > 3 or parts[0] not in TYPE_NAMESPACES:
            errors.append(f"{path}.Types: {t!r} is not namespace/category/classifier of the ASFF taxonomy")
    if len(f.get("Types", [])) > 50:
        errors.append(f"{path}.Types: more than 50")
    if len(f.get("Resources", [])) > 32:
        errors.append(f"{path}.Resources: more than 32")
    if len(f.get("Compliance", {}).get("RelatedRequirements", [])) > 32:
        errors.append(f"{path}.Compliance.RelatedRequirements: more than 32")
    fields = f.get("ProductFields", {})
    if len(fields) > 50:
        errors.append(f"{path}.ProductFields: more than 50")
    errors += [f"{path}.ProductFields.{k}: key or value too long" for k, v in fields.items() if len(k) > 128 or len(v) > 2048]
    for r, res in enumerate(f.get("Resources", [])):
        other = res.get("Details", {}).get("Other", {})
        errors += [f"{path}.Resources[{r}].Details.Other.{k}: key or value too long" for k, v in other.items() if len(k) > 128 or len(v) > 1024]
    for k in ("CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt"):
        if k in f and not RFC3339.fullmatch(f[k]):
            errors.append(f"{path}.{k}: {f[k]!r} is not an RFC 3339 date-time")
    if not re.fullmatch(r"\d{12}", f.get("AwsAccountId", "")):
        errors.append(f"{path}.AwsAccountId: not a 12-digit account id")
    arn = f"arn:{f.get('Resources', [{}])[0].get('Partition', 'aws')}:securityhub:{f.get('Region')}:{f.get('AwsAccountId')}:product/{f.get('AwsAccountId')}/default"
    if f.get("ProductArn") != arn:
        errors.append(f"{path}.ProductArn: {f.get('ProductArn')!r}, expected the account's default product {arn!r}")
    if len(json.dumps(f).encode()) > 240 * 1024:
        errors.append(f"{path}: larger than 240 KB")
    return errors


if __name__ == "__main__":
    mode, file = sys.argv[1], sys.argv[2]
    with open(file, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, list):
        print(json.dumps({"count": 0, "batches": 0, "errors": ["$: expected a JSON array of findings"]}))
        sys.exit(0)
    print(json.dumps({"ocsf": ocsf, "asff": asff}[mode](data)))
