// The gallery's views of an email, computed in the page from the HTML it already holds:
// the twin of kapmail/preview/views.py (which `kapmail snapshot --view` uses), kept equal,
// expression for expression, by tests/test_views.py on every KAP email.
const KAPMAIL_VIEWS = (() => {
  const IMG = /<img\b[^>]*>/gi;
  const SRC = /\s(?:src|srcset)="[^"]*"/gi;
  const STYLE_BLOCK = /<style\b[^>]*>[\s\S]*?<\/style>/gi;
  const CLASS = /\sclass="[^"]*"/gi;
  const FOR_MSO = /<!--\[if ([^\]]*)\]>([\s\S]*?)<!\[endif\]-->/g;
  const CONDITION = /^(?:(gte|gt|lte|lt) )?(mso|IE)(?: (\d+))?$/;
  const OUTLOOK_VERSION = 16;
  const NOT_MSO = /<!--\[if !mso\]><!-->([\s\S]*?)<!--<!\[endif\]-->/g;
  const MEDIA = /@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g;
  const STYLE_ATTRIBUTE = /(<(\w+)\b[^>]*?\sstyle=")([^"]*)(")/gi;
  const IGNORED = new Set(["max-width", "border-radius", "background-image", "display", "box-shadow"]);
  const DIV_IGNORED = new Set(["margin", "margin-top", "margin-bottom", "margin-left", "margin-right"]);
  const VML_BUTTON = /<v:roundrect\b([^>]*?)\sstyle="([^"]*)"([^>]*)>/gi;
  const FILL = /fillcolor="([^"]*)"/i;
  const HEIGHT = /height:\s*(\d+px)/;

  function holds(condition) {
    for (const alternative of condition.split("|")) {
      const found = CONDITION.exec(alternative.trim());
      if (!found || found[2] !== "mso") continue;
      const version = found[3] ? parseInt(found[3], 10) : OUTLOOK_VERSION;
      const compare = {
        undefined: version === OUTLOOK_VERSION || !found[3],
        gte: version <= OUTLOOK_VERSION,
        gt: version < OUTLOOK_VERSION,
        lte: version >= OUTLOOK_VERSION,
        lt: version > OUTLOOK_VERSION,
      };
      if (compare[found[1]]) return true;
    }
    return false;
  }

  function withoutIgnored(match, start, tag, style, end) {
    const kept = [];
    for (const declaration of style.split(";")) {
      const name = declaration.split(":")[0].trim().toLowerCase();
      if (!name || IGNORED.has(name) || (tag.toLowerCase() === "div" && DIV_IGNORED.has(name))) continue;
      kept.push(declaration.trim());
    }
    return `${start}${kept.join("; ")}${end}`;
  }

  function drawn(match, before, style, after) {
    const fill = FILL.exec(before + after);
    const height = HEIGHT.exec(style);
    const painted = `${style};display:inline-block;text-align:center;border-radius:6px;` +
      `background-color:${fill ? fill[1] : "transparent"};` +
      `line-height:${height ? height[1] : "normal"}`;
    return `<v:roundrect${before} style="${painted}"${after}>`;
  }

  return {
    "images-off": html => html.replace(IMG, tag => tag.replace(SRC, "")),
    "stripped": html => html.replace(STYLE_BLOCK, "").replace(CLASS, ""),
    "outlook": html => html
      .replace(NOT_MSO, "")
      .replace(FOR_MSO, (match, condition, body) => holds(condition) ? body : "")
      .replace(STYLE_BLOCK, block => block.replace(MEDIA, ""))
      .replace(STYLE_ATTRIBUTE, withoutIgnored)
      .replace(VML_BUTTON, drawn),
  };
})();
