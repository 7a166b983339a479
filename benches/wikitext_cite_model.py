"""A small model of MediaWiki's Cite errors and of the short-citation
checks (DESIGN.md section 9), on mwparserfromhell's parse tree: how the
wikitext bench's corpus (benches/corpus/wikitext.rs) was checked, apart
from the generator that plants its defects.

    python benches/wikitext_cite_model.py CORPUS_DIR

(in the venv of benches/wikitext_mwparserfromhell.sh, which also runs it
under IBID_MWPFH_MODEL=1) prints the pages whose findings, as (code,
label), differ from what the manifest says was planted. Lines are not
compared: mwparserfromhell keeps no positions.

What it models: comments, <nowiki>, <pre>, <syntaxhighlight> hide
everything; refs inside templates count. A body ref with content defines
its (group, name), a second different content is `duplicate`; a named
ref without content, and each name of {{r}}, is a use, `unresolved` when
the name has content nowhere; <ref></ref> is `empty-note`. Refs inside
<references group=G> or {{reflist|group=G|refs=}} are list-defined in G,
`group-mismatch` when their own group= differs (and then not in the list),
`orphaned` when nothing uses them. {{efn}} is group lower-alpha, listed by
{{notelist}}. A named group with refs and no list is
`missing-reference-list`. CS1 citations ({{cite …}}) make the anchor
CITEREF + last / author / last1…last4 + year (or the year in date), or
the {{harvid}} or {{sfnref}} of ref=; two alike are `duplicate-entry`;
{{sfn}}, {{sfnp}}, {{harv}}, {{harvnb}} with no such anchor are
`unknown-citation`; a citation whose ref= names its id ({{harvid}},
{{sfnref}}) and that none links is `unused-entry` (ref=harv has declared
nothing since 2020: every citation has its anchor).
"""

import collections
import os
import re
import sys

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Tag, Template, Wikilink

HIDDEN = {"nowiki", "pre", "syntaxhighlight", "source"}
SHORT = {"sfn", "sfnp", "harv", "harvnb"}


def nodes(code, out):
    """The tags and templates of `code`, in order, not hidden ones."""
    for n in code.nodes:
        if isinstance(n, Comment):
            continue
        if isinstance(n, Tag):
            if tag(n) in HIDDEN:
                continue
            out.append(n)
            if n.contents is not None:
                nodes(n.contents, out)
        elif isinstance(n, Template):
            out.append(n)
            for p in n.params:
                nodes(p.value, out)
        elif isinstance(n, Wikilink) and n.text is not None:
            nodes(n.text, out)
    return out


def tag(n):
    return str(n.tag).strip().lower()


def name(t):
    return str(t.name).strip().lower()


def attr(t, key):
    for a in t.attributes:
        if str(a.name).strip().lower() == key:
            return str(a.value).strip()
    return None


def positional(t):
    return [str(p.value).strip() for p in t.params if not p.showkey]


def keyword(t, key):
    for p in t.params:
        if p.showkey and str(p.name).strip() == key:
            return p.value
    return None


def anchor(args):
    """CITEREF + names + year, spaces made underscores as in the HTML id."""
    return ("CITEREF" + "".join(args[:-1]) + args[-1]).replace(" ", "_")


def check(code):
    """Findings of one page, as a Counter of (code, label)."""
    found = collections.Counter()
    all_nodes = nodes(code, [])
    listed, lists, defined = {}, set(), {}
    in_list = set()
    uses, groups = [], []
    anchors, declared, links = collections.Counter(), set(), []

    def list_refs(refs, group):
        lists.add(group)
        if refs is None:
            return
        for r in refs.filter_tags(recursive=False, matches=lambda x: tag(x) == "ref"):
            in_list.add(id(r))
            own = attr(r, "group")
            if own is not None and own != group:
                found[("group-mismatch", attr(r, "name"))] += 1
            else:
                listed[(group, attr(r, "name"))] = str(r.contents).strip()

    for n in all_nodes:
        if isinstance(n, Tag) and tag(n) == "references":
            list_refs(n.contents, attr(n, "group") or "")
        elif isinstance(n, Template) and name(n) == "reflist":
            list_refs(keyword(n, "refs"), str(keyword(n, "group") or "").strip())
        elif isinstance(n, Template) and name(n) == "notelist":
            lists.add("lower-alpha")
    for n in all_nodes:
        if isinstance(n, Tag) and tag(n) == "ref" and id(n) not in in_list:
            group, label = attr(n, "group") or "", attr(n, "name")
            content = "" if n.self_closing or n.contents is None else str(n.contents).strip()
            groups.append(group)
            if content and label:
                if defined.setdefault((group, label), content) != content:
                    found[("duplicate", label)] += 1
            elif label:
                uses.append((group, label))
            elif not content:
                found[("empty-note", "")] += 1
        elif isinstance(n, Template):
            t = name(n)
            if t == "r":
                uses.extend(("", v) for v in positional(n))
            elif t == "efn":
                groups.append("lower-alpha")
                label = keyword(n, "name")
                label = str(label).strip() if label is not None else None
                if label and positional(n):
                    defined.setdefault(("lower-alpha", label), positional(n)[0])
                elif label:
                    uses.append(("lower-alpha", label))
            elif t in SHORT:
                links.append(anchor(positional(n)))
            elif t.startswith("cite "):
                cite(n, anchors, declared)
    for use in uses:
        if use not in defined and use not in listed:
            found[("unresolved", use[1])] += 1
    for key in listed:
        if key not in set(uses):
            found[("orphaned", key[1])] += 1
    for group in dict.fromkeys(groups):
        if group and group not in lists:
            found[("missing-reference-list", group)] += 1
    for a, n in anchors.items():
        if n > 1:
            found[("duplicate-entry", a)] += n - 1
    for a in links:
        if a not in anchors:
            found[("unknown-citation", a)] += 1
    for a in declared - set(links):
        found[("unused-entry", a)] += 1
    return found


def cite(t, anchors, declared):
    """The anchor a CS1 citation makes, if any, counted in `anchors`."""
    ref = keyword(t, "ref")
    if ref is not None:
        named = [h for h in ref.filter_templates() if name(h) in ("harvid", "sfnref")]
        if named:
            a = anchor(positional(named[0]))
            anchors[a] += 1
            declared.add(a)
            return
    if keyword(t, "last") is not None:
        names = [str(keyword(t, "last")).strip()]
    elif keyword(t, "author") is not None:
        names = [str(keyword(t, "author")).strip()]
    else:
        names = []
        for i in range(1, 5):
            v = keyword(t, f"last{i}")
            if v is None:
                break
            names.append(str(v).strip())
    if not names:
        return
    year = keyword(t, "year")
    if year is None:
        m = re.search(r"\d{4}", str(keyword(t, "date") or ""))
        year = m.group(0) if m else ""
    anchors[anchor(names + [str(year).strip()])] += 1


def planted(manifest):
    """What the generator planted, per page, as Counters of (code, label)."""
    out = collections.defaultdict(collections.Counter)
    with open(manifest, encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            w = line.split(" ")
            if w[0] == "defect":
                out[w[2]][(w[1], " ".join(w[4:]))] += 1
    return out


def agrees(found, wanted):
    """Whether the model finds what was planted; beside a planted
    group-mismatch, the reuse of its name unresolved and the ref orphaned
    are as MediaWiki has it (the bench counts them apart too)."""
    mismatched = {label for code, label in wanted if code == "group-mismatch"}
    found = collections.Counter(
        {k: n for k, n in found.items() if not (k[1] in mismatched and k[0] in ("unresolved", "orphaned"))}
    )
    return found == collections.Counter(wanted)


def main(root):
    wanted = planted(os.path.join(root, ".ibid-bench-manifest"))
    with open(os.path.join(root, ".ibid-bench-manifest"), encoding="utf-8") as f:
        pages = [w[3] for w in (line.split(" ") for line in f.read().splitlines()) if w[0] == "page"]
    differing = 0
    for rel in pages:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            found = check(mwparserfromhell.parse(f.read()))
        if not agrees(found, wanted.get(rel, {})):
            differing += 1
            print(rel, "model:", dict(found), "planted:", dict(wanted.get(rel, {})))
    print(f"{len(pages)} pages, {differing} differ from what was planted")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
