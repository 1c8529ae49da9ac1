from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'gallery.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_lang = resolve('lang')
    l_0_dir = resolve('dir')
    l_0_gettext = resolve('gettext')
    l_0_manifest = resolve('manifest')
    l_0_ngettext = resolve('ngettext')
    l_0__ = resolve('_')
    l_0_rows = resolve('rows')
    l_0_view_labels = resolve('view_labels')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<!doctype html>\n<html lang="'
    yield escape((undefined(name='lang') if l_0_lang is missing else l_0_lang))
    yield '" dir="'
    yield escape((undefined(name='dir') if l_0_dir is missing else l_0_dir))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), '%(name)s · kapmail preview', name=environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'name')))
    yield '</title>\n<style>\n  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2933; background: #eef1f0; }\n  header, main { max-width: 1280px; margin: 0 auto; padding: 16px 24px; }\n  h1 { font-size: 24px; margin: 8px 0; }\n  .banner { border-radius: 8px; padding: 12px 16px; margin: 12px 0; font-weight: bold; }\n  .ready { background: #dff3e4; color: #14532d; }\n  .not-ready, .build-error { background: #fde2e1; color: #7f1d1d; }\n  .skipped { background: #fff4d6; color: #713f12; }\n  .findings { font-weight: normal; margin: 8px 0 0 0; padding-left: 20px; }\n  .controls button { font: inherit; padding: 6px 12px; margin-right: 6px; border: 1px solid #9aa5a2; border-radius: 6px; background: #fff; cursor: pointer; }\n  .controls button[aria-pressed="true"] { background: #1f5f5b; color: #fff; border-color: #1f5f5b; }\n  .inbox { list-style: none; margin: 12px 0; padding: 0; background: #fff; border-radius: 8px; overflow: hidden; }\n  .inbox li + li { border-top: 1px solid #e3e7e6; }\n  .inbox a { display: grid; grid-template-columns: minmax(8em, max-content) minmax(0, 1fr) auto; gap: 12px; padding: 10px 16px; color: inherit; text-decoration: none; }\n  .inbox a:hover { background: #f4f7f6; }\n  .inbox .from { font-weight: bold; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }\n  .inbox .line { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }\n  .inbox .subject { font-weight: bold; }\n  .inbox .snippet { color: #5b6670; }\n  .inbox time { color: #4a5560; font-size: 14px; white-space: nowrap; }\n  article { scroll-margin-top: 64px; }\n  @media (max-width: 640px) {\n    .inbox a { grid-template-columns: minmax(0, 1fr); gap: 2px; }\n    .inbox .line { white-space: normal; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; }\n    .inbox .subject { display: block; }\n    .inbox time { white-space: normal; font-size: 13px; }\n    header, main { padding: 12px; }\n    nav.jump { padding: 8px 12px; }\n  }\n  nav.jump { position: sticky; top: 0; z-index: 2; background: #eef1f0; border-bottom: 1px solid #d5dbd9; padding: 8px 24px; display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; font-size: 14px; }\n  nav.jump ol { list-style: none; display: flex; flex-wrap: wrap; gap: 4px; margin: 0; padding: 0; }\n  nav.jump ol a { display: inline-block; min-width: 2em; text-align: center; padding: 2px 6px; border-radius: 6px; background: #fff; color: #1f5f5b; font-weight: bold; text-decoration: none; border: 1px solid #d5dbd9; }\n  nav.jump .controls { margin: 0; }\n  article { background: #fff; border-radius: 8px; margin: 16px 0; padding: 16px; }\n  article h2 { font-size: 18px; margin: 0 0 4px 0; }\n  .meta { color: #4a5560; font-size: 14px; margin: 0 0 8px 0; }\n  .email { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }\n  figure { margin: 0; max-width: 100%; overflow-x: auto; }\n  figcaption { font-size: 13px; color: #4a5560; }\n  iframe.frame { display: block; height: 720px; border: 1px solid #d5dbd9; background: #fff; }\n  .checks { flex: 1 1 220px; font-size: 14px; }\n  .checks ul { padding-left: 18px; margin: 4px 0; }\n  details { margin: 8px 0; }\n  summary { cursor: pointer; font-weight: bold; }\n  pre { white-space: pre-wrap; word-break: break-word; background: #f6f8f7; padding: 12px; border-radius: 6px; font-size: 13px; max-height: 480px; overflow: auto; }\n  table.headers { border-collapse: collapse; font-size: 13px; }\n  table.headers th { text-align: start; padding: 2px 12px 2px 0; vertical-align: top; white-space: nowrap; }\n  table.headers td { word-break: break-all; }\n</style>\n</head>\n<body>\n<header>\n  <h1>'
    yield escape(environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'name'))
    yield '</h1>\n  <p class="meta">'
    yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(num)s email · campaign %(campaign)s · platform %(platform)s', '%(num)s emails · campaign %(campaign)s · platform %(platform)s', t_1(environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'emails')), campaign=environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'campaign'), platform=environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'platform')))
    yield ' · '
    yield escape(environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'generator'))
    yield '</p>\n  '
    if (environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'checks') == 'skipped'):
        pass
        yield '\n  <div class="banner skipped" role="status">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Checks skipped (--no-check): this series is not marked ready. Run <code>kapmail check</code>.'))
        yield '</div>\n  '
    elif environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'ready'):
        pass
        yield '\n  <div class="banner ready" role="status">'
        if environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'findings'):
            pass
            yield escape(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), 'Ready: every check passed (%(num)s warning below).', 'Ready: every check passed (%(num)s warnings below).', t_1(environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'findings'))))
        else:
            pass
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Ready: every check passed.'))
        yield '</div>\n  '
    else:
        pass
        yield '\n  <div class="banner not-ready" role="alert">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'NOT READY: fix these findings and build again. These files are a draft to preview, not to send.'))
        yield '</div>\n  '
    yield '\n  '
    if environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'findings'):
        pass
        yield '\n  <ul class="findings">\n    '
        for l_1_finding in environment.getattr((undefined(name='manifest') if l_0_manifest is missing else l_0_manifest), 'findings'):
            _loop_vars = {}
            pass
            yield '\n    <li>'
            yield escape(environment.getattr(l_1_finding, 'severity'))
            yield ' '
            yield escape(environment.getattr(l_1_finding, 'rule'))
            yield ' · '
            yield escape((environment.getattr(l_1_finding, 'email') or context.call((undefined(name='_') if l_0__ is missing else l_0__), 'series', _loop_vars=_loop_vars)))
            yield ' · '
            yield escape(environment.getattr(l_1_finding, 'where'))
            yield ': '
            yield escape(environment.getattr(l_1_finding, 'message'))
            yield '</li>\n    '
        l_1_finding = missing
        yield '\n  </ul>\n  '
    yield '\n  <ol class="inbox" aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Inbox'))
    yield '">\n    '
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        l_1_sender = resolve('sender')
        _loop_vars = {}
        pass
        yield '\n    <li class="message"><a href="#'
        yield escape(environment.getattr(environment.getattr(l_1_row, 'entry'), 'slug'))
        yield '">\n      <span class="from">'
        yield escape((undefined(name='sender') if l_1_sender is missing else l_1_sender))
        yield '</span>\n      <span class="line"><span class="subject">'
        yield escape(environment.getattr(environment.getattr(l_1_row, 'entry'), 'subject'))
        yield '</span>'
        if environment.getattr(l_1_row, 'card'):
            pass
            yield ' <span class="snippet">– '
            yield escape(environment.getattr(environment.getattr(l_1_row, 'card'), 'preview'))
            yield '</span>'
        yield '</span>\n      <time datetime="'
        yield escape(environment.getattr(environment.getattr(l_1_row, 'entry'), 'send_at'))
        yield '">'
        yield escape((environment.getattr(environment.getattr(l_1_row, 'card'), 'send_date') if environment.getattr(l_1_row, 'card') else environment.getattr(environment.getattr(l_1_row, 'entry'), 'send_at')))
        yield '</time>\n    </a></li>\n    '
    l_1_row = l_1_sender = missing
    yield '\n  </ol>\n</header>\n<nav class="jump" aria-label="'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Emails and views'))
    yield '">\n  <ol>\n    '
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield '\n    <li><a href="#'
        yield escape(environment.getattr(environment.getattr(l_1_row, 'entry'), 'slug'))
        yield '" title="'
        yield escape(environment.getattr(environment.getattr(l_1_row, 'entry'), 'subject'))
        yield '">'
        yield escape(environment.getattr(environment.getattr(l_1_row, 'entry'), 'position'))
        yield '</a></li>\n    '
    l_1_row = missing
    yield '\n  </ol>\n  <p class="controls">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Colour scheme:'))
    yield '\n    <button type="button" data-scheme="light" aria-pressed="true">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Light'))
    yield '</button>\n    <button type="button" data-scheme="dark" aria-pressed="false">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Dark'))
    yield '</button>\n  </p>\n  '
    if ((undefined(name='rows') if l_0_rows is missing else l_0_rows) and environment.getattr(environment.getitem((undefined(name='rows') if l_0_rows is missing else l_0_rows), 0), 'card')):
        pass
        l_0_view_labels = {'normal': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'As sent'), 'images-off': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Images off'), 'stripped': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Styles stripped'), 'outlook': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Outlook (Windows)')}
        context.vars['view_labels'] = l_0_view_labels
        context.exported_vars.add('view_labels')
        yield '\n  <p class="controls">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'View:'))
        yield '\n    '
        l_1_loop = missing
        for (l_1_name, l_1_label), l_1_loop in LoopContext(context.call(environment.getattr((undefined(name='view_labels') if l_0_view_labels is missing else l_0_view_labels), 'items')), undefined):
            _loop_vars = {}
            pass
            yield '\n    <button type="button" data-view="'
            yield escape(l_1_name)
            yield '" aria-pressed="'
            yield escape(('true' if environment.getattr(l_1_loop, 'first') else 'false'))
            yield '">'
            yield escape(l_1_label)
            yield '</button>\n    '
        l_1_loop = l_1_name = l_1_label = missing
        yield '\n  </p>\n  '
    yield '\n</nav>\n<main>\n  '
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        l_1_row_html = resolve('row_html')
        _loop_vars = {}
        pass
        yield '\n  '
        yield escape(context.call((undefined(name='row_html') if l_1_row_html is missing else l_1_row_html), l_1_row, _loop_vars=_loop_vars))
        yield '\n  '
    l_1_row = l_1_row_html = missing
    yield '\n</main>\n<script>\n  "use strict";\n  const DARK = /prefers-color-scheme\\s*:\\s*dark/;\n  let dark = false;\n  try { dark = sessionStorage.getItem("kapmail-scheme") === "dark"; } catch (error) {}\n\n  function darkRules(frame) {\n    if (frame.kapmailDoc !== frame.contentDocument) {  // a frame\'s rules, once per document\n      frame.kapmailDoc = frame.contentDocument;\n      frame.kapmailDark = [];\n      for (const sheet of frame.contentDocument.styleSheets) {\n        for (const rule of sheet.cssRules) {\n          if (rule.media && DARK.test(rule.media.mediaText)) frame.kapmailDark.push(rule);\n        }\n      }\n    }\n    return frame.kapmailDark;\n  }\n\n  function fit(frame) {\n    const doc = frame.contentDocument;\n    if (!doc || !doc.documentElement) return;\n    frame.style.height = "0px";\n    frame.style.height = doc.documentElement.scrollHeight + "px";\n  }\n\n  function paint(frame) {\n    const doc = frame.contentDocument;\n    if (!doc || !doc.documentElement) return;\n    for (const rule of darkRules(frame)) rule.media.mediaText = dark ? "all" : "not all";\n    doc.documentElement.style.colorScheme = dark ? "dark" : "light";\n    fit(frame);\n  }\n\n  function ready(frame) {\n    paint(frame);\n    const doc = frame.contentDocument;\n    if (window.ResizeObserver && doc.body) new ResizeObserver(() => fit(frame)).observe(doc.body);\n    for (const img of doc.images) img.addEventListener("load", () => fit(frame));\n  }\n\n  for (const frame of document.querySelectorAll("iframe.frame")) {\n    frame.addEventListener("load", () => ready(frame));\n    if (frame.contentDocument && frame.contentDocument.readyState === "complete") ready(frame);\n  }\n\n  function choose(scheme) {\n    dark = scheme === "dark";\n    try { sessionStorage.setItem("kapmail-scheme", scheme); } catch (error) {}\n    for (const button of document.querySelectorAll("button[data-scheme]")) {\n      button.setAttribute("aria-pressed", String(button.dataset.scheme === scheme));\n    }\n    for (const frame of document.querySelectorAll("iframe.frame")) paint(frame);\n  }\n\n  for (const button of document.querySelectorAll("button[data-scheme]")) {\n    button.addEventListener("click", () => choose(button.dataset.scheme));\n  }\n  choose(dark ? "dark" : "light");\n\n  '
    template = environment.get_template('partials/views.js', 'gallery.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'view_labels': l_0_view_labels}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '\n\n  // Views: the same frames, their srcdoc swapped for the email as another client shows it.\n  function show(view) {\n    for (const button of document.querySelectorAll("button[data-view]")) {\n      button.setAttribute("aria-pressed", String(button.dataset.view === view));\n    }\n    for (const frame of document.querySelectorAll("iframe.frame[data-email]")) {\n      if (frame.kapmailSent === undefined) frame.kapmailSent = frame.getAttribute("srcdoc");\n      const change = KAPMAIL_VIEWS[view];\n      frame.setAttribute("srcdoc", change ? change(frame.kapmailSent) : frame.kapmailSent);\n    }\n  }\n  for (const button of document.querySelectorAll("button[data-view]")) {\n    button.addEventListener("click", () => show(button.dataset.view));\n  }\n\n  // The source box: the email as sent (the frames\' srcdoc before any view changed it).\n  for (const box of document.querySelectorAll("details.source[data-email]")) {\n    box.addEventListener("toggle", () => {\n      const code = box.querySelector("code");\n      if (!box.open || code.textContent) return;\n      const frame = document.querySelector(`iframe.frame[data-email="${CSS.escape(box.dataset.email)}"]`);\n      if (frame) code.textContent = frame.kapmailSent ?? frame.getAttribute("srcdoc");\n    });\n  }\n</script>\n</body>\n</html>\n'

blocks = {}
debug_info = '5=26&9=30&65=32&66=34&67=38&68=41&69=43&70=46&72=56&74=59&76=62&77=66&81=79&82=81&83=86&84=88&85=90&86=98&91=104&93=106&94=110&97=118&98=120&99=122&101=124&102=126&108=130&109=133&110=137&116=146&117=151&180=155'