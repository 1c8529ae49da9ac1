from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'email.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_brand = resolve('brand')
    l_0__ = resolve('_')
    l_0_email = resolve('email')
    l_0_health = resolve('health')
    l_0_teaser = resolve('teaser')
    l_0_heading = resolve('heading')
    l_0_sender = resolve('sender')
    l_0_crisis = resolve('crisis')
    l_0_merge = resolve('merge')
    l_0_links = resolve('links')
    l_0_dial = l_0_own = missing
    try:
        t_1 = environment.filters['as_text']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'as_text' found.")
    try:
        t_2 = environment.filters['columns']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'columns' found.")
    try:
        t_3 = environment.filters['end_sentence']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'end_sentence' found.")
    try:
        t_4 = environment.filters['evidence_label']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'evidence_label' found.")
    try:
        t_5 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    try:
        t_6 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_7 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    def macro(l_1_number):
        t_8 = []
        if l_1_number is missing:
            l_1_number = undefined("parameter 'number' was not provided", name='number')
        pass
        t_8.append(
            str(l_1_number),
        )
        return concat(t_8)
    context.exported_vars.add('dial')
    context.vars['dial'] = l_0_dial = Macro(environment, macro, 'dial', ('number',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_value):
        t_9 = []
        if l_1_value is missing:
            l_1_value = undefined("parameter 'value' was not provided", name='value')
        pass
        t_9.append(
            str(l_1_value),
        )
        return concat(t_9)
    context.exported_vars.add('own')
    context.vars['own'] = l_0_own = Macro(environment, macro, 'own', ('value',), False, False, False, context.eval_ctx.autoescape)
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'name'))
    yield ' · '
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Part %(position)s of %(total)s', position=environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'position'), total=environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'total')))
    yield '\n\n'
    yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'title'))
    yield '\n'
    yield str(('=' * t_2(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'title'))))
    yield '\n'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'evidence'):
        pass
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Evidence: %(label)s (what the research says is below)', label=t_4(context, environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'evidence'))))
        yield '\n'
    yield '\n'
    yield str(t_1(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'blocks'), image=context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Image'), wide_table=context.call((undefined(name='_') if l_0__ is missing else l_0__), '(A table too wide for plain text, row by row; the HTML version shows it whole.)'), struck=context.call((undefined(name='_') if l_0__ is missing else l_0__), 'struck out')))
    yield '\n\n'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'outline'):
        pass
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'In this series:'))
        yield '\n'
        l_1_loop = missing
        for l_1_title, l_1_loop in LoopContext(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'outline'), undefined):
            _loop_vars = {}
            pass
            yield '  '
            yield str(environment.getattr(l_1_loop, 'index'))
            yield '. '
            yield str(l_1_title)
            yield '\n'
        l_1_loop = l_1_title = missing
        yield '\n'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'evidence'):
        pass
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'What the evidence says: %(label)s', label=t_4(context, environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'evidence'))))
        yield '\n'
        yield str(t_7(environment.getattr(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'evidence'), 'note')))
        yield '\n'
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Sources:'))
        yield '\n'
        for l_1_ref in environment.getattr(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'evidence'), 'references'):
            l_1_id_key = missing
            _loop_vars = {}
            pass
            l_1_id_key = environment.getitem((context.call(environment.getattr(environment.getitem(context.call(environment.getattr(environment.getattr(l_1_ref, 'identifier'), 'split'), ':', _loop_vars=_loop_vars), -1), 'split'), _loop_vars=_loop_vars) or ['']), -1)
            _loop_vars['id_key'] = l_1_id_key
            yield '- '
            yield str(t_5(t_7(str_join((environment.getattr(l_1_ref, 'citation'), (str_join((' (', environment.getattr(l_1_ref, 'identifier'), ')', )) if ((undefined(name='id_key') if l_1_id_key is missing else l_1_id_key) not in environment.getattr(l_1_ref, 'url')) else ''), )), 74), 2))
            yield '\n  <'
            yield str(environment.getattr(l_1_ref, 'url'))
            yield '>\n'
        l_1_ref = l_1_id_key = missing
        yield '\n'
    if ((environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'kind') != 'section') and (environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'regulatory') or environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'risks'))):
        pass
        if environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'regulatory'):
            pass
            yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Regulatory status'))
            yield '\n'
            yield str(t_7(environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'regulatory')))
            yield '\n\n'
        if environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'risks'):
            pass
            yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Risks'))
            yield '\n'
            yield str(t_7(environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'risks')))
            yield '\n\n'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'button'):
        pass
        if environment.getattr(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'button'), 'lead_in'):
            pass
            yield str(t_7(environment.getattr(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'button'), 'lead_in')))
            yield '\n'
        yield str(t_7(context.call((undefined(name='_') if l_0__ is missing else l_0__), '%(label)s:', label=environment.getattr(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'button'), 'label'))))
        yield '\n<'
        yield str(environment.getattr(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'button'), 'url'))
        yield '>\n\n'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'next_title'):
        pass
        t_10 = []
        pass
        template = environment.get_template('partials/teaser.j2', 'email.txt.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'dial': l_0_dial, 'heading': l_0_heading, 'own': l_0_own, 'teaser': l_0_teaser}))
        try:
            for event in gen:
                t_10.append(event)
        finally: gen.close()
        l_0_teaser = (Markup if context.eval_ctx.autoescape else identity)(concat(t_10))
        context.vars['teaser'] = l_0_teaser
        context.exported_vars.add('teaser')
        yield str(t_7(str_join(((undefined(name='teaser') if l_0_teaser is missing else l_0_teaser), ' ', t_3(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'next_title')), ))))
        yield '\n\n'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'question'):
        pass
        l_0_heading = context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Over to you')
        context.vars['heading'] = l_0_heading
        context.exported_vars.add('heading')
        yield str((undefined(name='heading') if l_0_heading is missing else l_0_heading))
        yield '\n'
        yield str(('-' * t_6((undefined(name='heading') if l_0_heading is missing else l_0_heading))))
        yield '\n'
        yield str(t_7(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'question')))
        yield '\n\n'
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Just reply to this email: we read every reply.'))
        yield '\n'
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Or write to %(address)s', address=environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'reply_to')))
        yield '\n\n'
    yield '-- \n'
    if environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'related'):
        pass
        for l_1_line in (undefined(name='crisis') if l_0_crisis is missing else l_0_crisis):
            l_1_chat = missing
            _loop_vars = {}
            pass
            l_1_chat = (environment.getattr(l_1_line, 'chat_url') or '')
            _loop_vars['chat'] = l_1_chat
            l_2_gettext = resolve('gettext')
            t_11 = []
            pass
            t_11.append(
                str(context.call((undefined(name='gettext') if l_2_gettext is missing else l_2_gettext), 'In crisis?')),
            )
            t_11.append(
                ' ',
            )
            template = environment.get_template('partials/crisis.j2', 'email.txt.j2')
            gen = template.root_render_func(template.new_context(context.get_all(), True, {'chat': l_1_chat, 'line': l_1_line, 'dial': l_0_dial, 'heading': l_0_heading, 'own': l_0_own, 'teaser': l_0_teaser}))
            try:
                for event in gen:
                    t_11.append(event)
            finally: gen.close()
            if environment.getattr(l_1_line, 'emergency'):
                pass
                t_11.append(
                    ' ',
                )
                t_11.append(
                    str(context.call((undefined(name='gettext') if l_2_gettext is missing else l_2_gettext), 'In an emergency, call %(number)s.', number=environment.getattr(l_1_line, 'emergency'))),
                )
            if (t_6((undefined(name='crisis') if l_0_crisis is missing else l_0_crisis)) > 1):
                pass
                t_11.extend((
                    ' (',
                    str(environment.getattr(l_1_line, 'country')),
                    ')',
                ))
            yield t_7(concat(t_11))
            l_2_gettext = missing
            yield '\n\n'
        l_1_line = l_1_chat = missing
        if environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'disclaimer'):
            pass
            yield str(t_7(environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'disclaimer')))
            yield '\n\n'
    yield str(t_7(str_join((environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'name'), ' · ', context.call((undefined(name='_') if l_0__ is missing else l_0__), 'sent by %(name)s, %(address)s', name=environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'name'), address=environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'email')), ))))
    yield '\n'
    if environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'audience'):
        pass
        yield str(t_7(environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'audience')))
        yield '\n'
    yield '\n'
    yield str(environment.getattr((undefined(name='merge') if l_0_merge is missing else l_0_merge), 'postal_address'))
    yield '\n\n'
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Unsubscribe:'))
    yield '\n<'
    yield str(environment.getattr((undefined(name='links') if l_0_links is missing else l_0_links), 'unsubscribe'))
    yield '>\n'
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Email preferences:'))
    yield '\n<'
    yield str(environment.getattr((undefined(name='links') if l_0_links is missing else l_0_links), 'preferences'))
    yield '>\n'
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Website:'))
    yield '\n<'
    yield str(environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'website'))
    yield '>\n'
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'View this email in your browser:'))
    yield '\n<'
    yield str(environment.getattr((undefined(name='links') if l_0_links is missing else l_0_links), 'web_view'))
    yield '>\n'

blocks = {}
debug_info = '4=64&5=75&6=86&8=90&9=92&10=94&11=96&14=99&16=101&17=103&18=106&19=110&23=116&24=118&25=120&26=122&27=124&29=128&30=131&31=133&35=137&36=139&37=141&38=143&41=145&42=147&43=149&47=151&48=153&49=155&51=157&52=159&55=161&56=165&57=174&60=176&61=178&62=181&63=183&64=185&66=187&67=189&71=192&72=194&73=198&74=204&78=234&79=236&83=238&84=240&85=242&88=245&90=247&91=249&92=251&93=253&94=255&95=257&96=259&97=261'