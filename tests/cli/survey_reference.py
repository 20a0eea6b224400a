#!/usr/bin/env python3
"""An independent computation of `parindex survey results` (surveys.md
"Weighting" and "Statistics"), written from the contract with the Python
standard library only, for tests/cli/test_survey.sh.

usage: survey_reference.py INSTRUMENT.json RESPONSES.csv UNITS [MARGINS.csv]
  UNITS: the campaign's unit codes, comma-separated (the order of the output)
Prints the results CSV (values at full precision, repr of floats) or, on a
raking error, one line "error: UNIT ..." and exit status 3.

compare.py-style use: survey_reference.py ... > want.csv, then
survey_reference.py --compare want.csv got.csv checks equality to 1e-9.
"""
import csv, json, math, sys

Z = 1.96


def wilson(p, n):
    z2 = Z * Z
    den = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / den
    half = Z / den * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return centre - half, centre + half


def rake(resp, margins, unit):
    # resp: list of dicts (answers); margins: list of (var, {value: share})
    w = [1.0] * len(resp)
    if not resp:
        return w
    if margins:
        converged = False
        for _ in range(100):
            old = list(w)
            for var, shares in margins:
                total = sum(w[i] for i, r in enumerate(resp) if r.get(var))
                sums = {}
                for i, r in enumerate(resp):
                    v = r.get(var)
                    if v:
                        sums[v] = sums.get(v, 0.0) + w[i]
                for value, share in shares.items():
                    if share > 0 and sums.get(value, 0.0) <= 0:
                        raise ValueError(f"{unit}: no respondent with {var} = {value}")
                for i, r in enumerate(resp):
                    v = r.get(var)
                    if v:
                        s = sums[v]
                        w[i] *= shares.get(v, 0.0) * total / s
            if max(abs(a - b) for a, b in zip(w, old)) <= 1e-10:
                converged = True
                break
        if not converged:
            raise ValueError(f"{unit}: raking did not converge")
    mean = sum(w) / len(w)
    return [x / mean for x in w]


def stats(inst, group, weights, min_n):
    likert = [q for q in inst["questions"] if q["type"] == "likert5"]
    out = []
    insufficient = "insufficient" if len(group) < min_n else ""

    def row(measure, code, idx):
        ws = [weights[i] for i in idx]
        n = len(ws)
        sw = sum(ws)
        sw2 = sum(x * x for x in ws)
        neff = sw * sw / sw2 if sw2 > 0 else 0.0
        return [measure, code, n, neff]

    share = {}
    for q in likert:
        idx = [i for i, r in enumerate(group) if r.get(q["code"])]
        base = row("question", q["code"], idx)
        sw = sum(weights[i] for i in idx)
        if idx and sw > 0:
            share[q["code"]] = sum(weights[i] for i in idx if int(group[i][q["code"]]) >= 4) / sw
        v = share.get(q["code"])
        out.append(base + [v])
    elem = {}
    for e in inst.get("elements", []):
        qs = [q["code"] for q in likert if q.get("element") == e["code"]]
        idx = [i for i, r in enumerate(group) if any(r.get(q) for q in qs)]
        vals = [share[q] for q in qs if q in share]
        if vals:
            elem[e["code"]] = sum(vals) / len(vals)
        out.append(row("element", e["code"], idx) + [elem.get(e["code"])])
    for ix in inst.get("indices", []):
        qs = [q["code"] for q in likert if q.get("element") in ix["over"]]
        idx = [i for i, r in enumerate(group) if any(r.get(q) for q in qs)]
        vals = [elem[e] for e in ix["over"] if e in elem]
        v = sum(vals) / len(vals) if vals else None
        out.append(row("index", ix["code"], idx) + [v])
    rows = []
    for measure, code, n, neff, v in out:
        lo = hi = None
        if v is not None and neff > 0:
            lo, hi = wilson(v, neff)
        rows.append([measure, code, n, neff, v, lo, hi, insufficient])
    return rows


def fmt(x):
    if x is None:
        return ""
    if isinstance(x, float):
        return repr(x)
    return str(x)


def main(argv):
    if argv[1] == "--compare":
        return compare(argv[2], argv[3])
    inst = json.load(open(argv[2 - 1]))
    with open(argv[2], newline="", encoding="utf-8") as f:
        resp = [{k.strip(): (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]
    units = argv[3].split(",")
    margins = []
    if len(argv) > 4:
        with open(argv[4], newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                for var, shares in margins:
                    if var == r["variable"]:
                        shares[r["value"]] = float(r["share"])
                        break
                else:
                    margins.append((r["variable"], {r["value"]: float(r["share"])}))
    min_n = inst.get("min_n", 30)
    weights = {}
    allw, allr = [], []
    lines = []
    try:
        for u in units:
            group = [r for r in resp if r["unit_code"] == u]
            w = rake(group, margins, u)
            allr += group
            allw += w
            for row in stats(inst, group, w, min_n):
                lines.append([u] + row)
    except ValueError as e:
        print("error:", e)
        return 3
    for row in stats(inst, allr, allw, min_n):
        lines.append(["*"] + row)
    wr = csv.writer(sys.stdout, lineterminator="\n")
    wr.writerow(["unit_code", "measure", "code", "n", "n_eff", "value", "ci_low", "ci_high", "flag"])
    for l in lines:
        wr.writerow([fmt(x) for x in l])
    return 0


def compare(want, got):
    a = list(csv.reader(open(want, encoding="utf-8")))
    b = list(csv.reader(open(got, encoding="utf-8")))
    if len(a) != len(b):
        print(f"{len(a)} rows expected, {len(b)} got")
        return 1
    bad = 0
    for i, (x, y) in enumerate(zip(a, b)):
        if len(x) != len(y):
            print(f"row {i + 1}: {x} vs {y}")
            bad += 1
            continue
        for j, (p, q) in enumerate(zip(x, y)):
            if p == q:
                continue
            try:
                if abs(float(p) - float(q)) <= 1e-9:
                    continue
            except ValueError:
                pass
            print(f"row {i + 1} column {a[0][j]}: expected {p!r}, got {q!r}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
