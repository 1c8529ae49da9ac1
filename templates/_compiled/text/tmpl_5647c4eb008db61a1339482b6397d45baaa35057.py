from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/safety.mjml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_brand = resolve('brand')
    l_0_dir = resolve('dir')
    l_0_health = resolve('health')
    l_0_gettext = resolve('gettext')
    pass
    yield '<mj-section background-color="'
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'card_color'))
    yield '" css-class="km-card km-box-section" padding="0px 32px 16px 32px">\n  <mj-column background-color="'
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'note_color'))
    yield '" border-'
    yield str(('right' if ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl') else 'left'))
    yield '="4px solid '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '" css-class="km-note-box">\n    <mj-text css-class="km-note" padding="20px 24px">\n'
    if environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'regulatory'):
        pass
        yield '      <h2 class="km-note-label">'
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Regulatory status'))
        yield '</h2>\n      <p>'
        yield str(environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'regulatory'))
        yield '</p>\n'
    if environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'risks'):
        pass
        yield '      <h2 class="km-note-label">'
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Risks'))
        yield '</h2>\n      <p>'
        yield str(environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'risks'))
        yield '</p>\n'
    yield '    </mj-text>\n  </mj-column>\n</mj-section>\n'

blocks = {}
debug_info = '2=16&3=18&5=24&6=27&7=29&9=31&10=34&11=36'