from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/content.mjml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_brand = resolve('brand')
    l_0_email = resolve('email')
    l_0_research = resolve('research')
    l_0_gettext = resolve('gettext')
    l_0_health = resolve('health')
    try:
        t_1 = environment.filters['end_sentence']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'end_sentence' found.")
    try:
        t_2 = environment.filters['evidence_label']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'evidence_label' found.")
    try:
        t_3 = environment.filters['segments']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'segments' found.")
    try:
        t_4 = environment.tests['string']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'string' found.")
    pass
    yield '<mj-section background-color="'
    yield escape(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'card_color'))
    yield '" css-class="km-card" padding="16px 0px 8px 0px">\n  <mj-column>\n    <mj-text css-class="km-text">\n      <h1>'
    yield escape(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'title'))
    yield '</h1>'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'evidence'):
        pass
        t_5 = []
        pass
        t_5.append(
            '<a href="#km-evidence">',
        )
        t_5.append(
            escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'What the research says')),
        )
        t_5.append(
            '</a>',
        )
        l_0_research = (Markup if context.eval_ctx.autoescape else identity)(concat(t_5))
        context.vars['research'] = l_0_research
        context.exported_vars.add('research')
        yield '\n      <p class="km-badge"><span class="km-badge-level">'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Evidence: %(label)s', label=t_2(context, environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'evidence'))))
        yield '</span>&nbsp; '
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), '%(link)s is below.', link=(undefined(name='research') if l_0_research is missing else l_0_research)))
        yield '</p>\n      '
    for l_1_segment in t_3(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'blocks')):
        _loop_vars = {}
        pass
        yield '\n      '
        if t_4(l_1_segment):
            pass
            yield '\n      '
            yield escape(l_1_segment)
            yield '\n      '
        else:
            pass
            yield '\n    </mj-text>\n    <mj-image src="'
            yield escape(environment.getattr(l_1_segment, 'src'))
            yield '" alt="'
            yield escape(environment.getattr(l_1_segment, 'alt'))
            yield '"'
            if environment.getattr(l_1_segment, 'title'):
                pass
                yield ' title="'
                yield escape(environment.getattr(l_1_segment, 'title'))
                yield '"'
            if environment.getattr(l_1_segment, 'href'):
                pass
                yield ' href="'
                yield escape(environment.getattr(l_1_segment, 'href'))
                yield '"'
            yield ' width="536px" fluid-on-mobile="true" css-class="km-image" padding="0px 32px 16px 32px" />\n    <mj-text css-class="km-text">\n      '
        yield '\n      '
    l_1_segment = missing
    yield '\n      '
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'outline'):
        pass
        yield '\n      <h2>'
        yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'In this series'))
        yield '</h2>\n      <ol>\n        '
        for l_1_title in environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'outline'):
            _loop_vars = {}
            pass
            yield '\n        <li>'
            yield escape(l_1_title)
            yield '</li>\n        '
        l_1_title = missing
        yield '\n      </ol>\n      '
    yield '\n    </mj-text>\n  </mj-column>\n</mj-section>\n'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'evidence'):
        pass
        yield '\n'
        l_1_evidence = environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'evidence')
        pass
        template = environment.get_template('partials/evidence.mjml.j2', 'partials/content.mjml.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'evidence': l_1_evidence, 'research': l_0_research}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        l_1_evidence = missing
        yield '\n'
    yield '\n'
    if ((environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'kind') != 'section') and (environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'regulatory') or environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'risks'))):
        pass
        yield '\n'
        template = environment.get_template('partials/safety.mjml.j2', 'partials/content.mjml.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'research': l_0_research}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        yield '\n'
    yield '\n'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'button'):
        pass
        yield '\n'
        template = environment.get_template('partials/button.mjml.j2', 'partials/content.mjml.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'research': l_0_research}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        yield '\n'
    yield '\n'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'next_title'):
        pass
        yield '\n<mj-section background-color="'
        yield escape(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'card_color'))
        yield '" css-class="km-card" padding="0px 0px 8px 0px">\n  <mj-column>\n    <mj-text css-class="km-text">\n      <p><strong>'
        template = environment.get_template('partials/teaser.j2', 'partials/content.mjml.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'research': l_0_research}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        yield '</strong> '
        yield escape(t_1(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'next_title')))
        yield '</p>\n    </mj-text>\n  </mj-column>\n</mj-section>\n'
    yield '\n'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'question'):
        pass
        yield '\n'
        template = environment.get_template('partials/question.mjml.j2', 'partials/content.mjml.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'research': l_0_research}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        yield '\n'
    yield '\n'

blocks = {}
debug_info = '1=41&4=43&7=45&8=53&9=62&12=66&13=70&14=73&17=78&21=96&22=99&24=101&25=105&32=110&33=115&35=124&36=127&38=135&39=138&41=146&42=149&45=151&50=161&51=164'