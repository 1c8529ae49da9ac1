from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/evidence.mjml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_brand = resolve('brand')
    l_0_dir = resolve('dir')
    l_0_gettext = resolve('gettext')
    l_0_evidence = resolve('evidence')
    try:
        t_1 = environment.filters['breakable']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'breakable' found.")
    try:
        t_2 = environment.filters['evidence_label']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'evidence_label' found.")
    pass
    yield '<mj-section background-color="'
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'card_color'))
    yield '" css-class="km-card km-box-section" padding="0px 32px 16px 32px">\n  <mj-column background-color="'
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'note_color'))
    yield '" border-'
    yield str(('right' if ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl') else 'left'))
    yield '="4px solid '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '" css-class="km-note-box">\n    <mj-text css-class="km-note" padding="20px 24px">      <h2 class="km-note-label" id="km-evidence"><a name="km-evidence"></a>'
    yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'What the evidence says: %(label)s', label=t_2(context, (undefined(name='evidence') if l_0_evidence is missing else l_0_evidence))))
    yield '</h2>\n      <p>'
    yield str(environment.getattr((undefined(name='evidence') if l_0_evidence is missing else l_0_evidence), 'note'))
    yield '</p>\n      <p>'
    yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Sources:'))
    yield '</p>\n      <ul>\n'
    for l_1_ref in environment.getattr((undefined(name='evidence') if l_0_evidence is missing else l_0_evidence), 'references'):
        _loop_vars = {}
        pass
        yield '        <li><a href="'
        yield str(environment.getattr(l_1_ref, 'url'))
        yield '">'
        yield str(environment.getattr(l_1_ref, 'citation'))
        yield '</a> ('
        if ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl'):
            pass
            yield '<span dir="ltr">'
            yield str(t_1(environment.getattr(l_1_ref, 'identifier')))
            yield '</span>'
        else:
            pass
            yield str(t_1(environment.getattr(l_1_ref, 'identifier')))
        yield ')</li>\n'
    l_1_ref = missing
    yield '      </ul>\n    </mj-text>\n  </mj-column>\n</mj-section>\n'

blocks = {}
debug_info = '2=28&3=30&7=36&8=38&9=40&11=42&12=46'