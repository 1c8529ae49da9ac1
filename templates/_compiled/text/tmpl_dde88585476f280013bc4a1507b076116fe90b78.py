from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'email.mjml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_lang = resolve('lang')
    l_0_dir = resolve('dir')
    l_0_email = resolve('email')
    l_0_brand = resolve('brand')
    l_0_range = resolve('range')
    pass
    yield '<mjml lang="'
    yield str((undefined(name='lang') if l_0_lang is missing else l_0_lang))
    yield '" dir="'
    yield str((undefined(name='dir') if l_0_dir is missing else l_0_dir))
    yield '">\n  <mj-head>\n    <mj-title>'
    yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'subject'))
    yield '</mj-title>\n    <mj-raw>\n      <meta name="color-scheme" content="light dark">\n      <meta name="supported-color-schemes" content="light dark">\n      <meta name="x-apple-disable-message-reformatting">\n      <meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no">\n    </mj-raw>\n    <mj-attributes>\n      <mj-all font-family="'
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'font_family'))
    yield '" />      <mj-text font-size="16px" line-height="1.6" color="'
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '" padding="0px 32px"'
    if ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl'):
        pass
        yield ' align="right"'
    yield ' />\n      <mj-section padding="0px"'
    if ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl'):
        pass
        yield ' direction="rtl" text-align="right"'
    yield ' />\n      <mj-column padding="0px"'
    if ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl'):
        pass
        yield ' direction="rtl"'
    yield ' />\n    </mj-attributes>\n'
    template = environment.get_template('partials/styles.mjml.j2', 'email.mjml.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '<mj-raw>\n      <!--[if mso]>\n      <style type="text/css">\n        body, table, td, th, p, li, h1, h2, h3, h4, a, span, div { font-family: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'font_family'))
    yield '; mso-line-height-rule: exactly; }\n        table { border-collapse: collapse; mso-table-lspace: 0pt; mso-table-rspace: 0pt; }\n      </style>\n      <![endif]-->\n    </mj-raw>\n  </mj-head>\n  <mj-body width="600px" background-color="'
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'background_color'))
    yield '" css-class="km-page"><mj-raw>\n      <div class="km-preheader" style="display:none;font-size:1px;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;mso-hide:all;">'
    yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'preheader'))
    yield '</div>\n      <div class="km-preheader-padding" style="display:none;font-size:1px;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;mso-hide:all;">'
    for l_1__ in context.call((undefined(name='range') if l_0_range is missing else l_0_range), 90):
        _loop_vars = {}
        pass
        yield '&#847;&zwnj;&nbsp;'
    l_1__ = missing
    yield '</div>\n    </mj-raw>\n'
    template = environment.get_template('partials/header.mjml.j2', 'email.mjml.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('partials/content.mjml.j2', 'email.mjml.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('partials/footer.mjml.j2', 'email.mjml.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '  </mj-body>\n</mjml>\n'

blocks = {}
debug_info = '2=17&4=21&12=23&15=25&16=31&17=35&19=39&25=46&31=48&36=50&37=52&39=58&40=64&41=70'