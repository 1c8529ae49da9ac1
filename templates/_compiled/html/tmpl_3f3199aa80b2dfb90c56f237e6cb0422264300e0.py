from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/footer.mjml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_health = resolve('health')
    l_0_crisis = resolve('crisis')
    l_0_brand = resolve('brand')
    l_0_sender = resolve('sender')
    l_0_gettext = resolve('gettext')
    l_0_dir = resolve('dir')
    l_0_merge = resolve('merge')
    l_0_links = resolve('links')
    l_0_own = l_0_dial = l_0__trans = missing
    try:
        t_1 = environment.filters['breakable']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'breakable' found.")
    try:
        t_2 = environment.filters['host']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'host' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['tel']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'tel' found.")
    pass
    def macro(l_1_value):
        t_5 = []
        if l_1_value is missing:
            l_1_value = undefined("parameter 'value' was not provided", name='value')
        pass
        if ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl'):
            pass
            t_5.extend((
                '<span dir="auto">',
                escape(l_1_value),
                '</span>',
            ))
        else:
            pass
            t_5.append(
                escape(l_1_value),
            )
        return concat(t_5)
    context.exported_vars.add('own')
    context.vars['own'] = l_0_own = Macro(environment, macro, 'own', ('value',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_number):
        t_6 = []
        if l_1_number is missing:
            l_1_number = undefined("parameter 'number' was not provided", name='number')
        pass
        if t_4(l_1_number):
            pass
            t_6.extend((
                '<a href="',
                escape(t_4(l_1_number)),
                '">',
                escape(l_1_number),
                '</a>',
            ))
        else:
            pass
            t_6.append(
                escape(l_1_number),
            )
        return concat(t_6)
    context.exported_vars.add('dial')
    context.vars['dial'] = l_0_dial = Macro(environment, macro, 'dial', ('number',), False, False, False, context.eval_ctx.autoescape)
    yield '\n<mj-section padding="24px 0px 28px 0px">\n  <mj-column>\n    <mj-text css-class="km-footer">\n      '
    if environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'related'):
        pass
        yield '\n      '
        for l_1_line in (undefined(name='crisis') if l_0_crisis is missing else l_0_crisis):
            l_1__trans = l_0__trans
            l_1_chat = missing
            _loop_vars = {}
            pass
            t_7 = []
            pass
            if environment.getattr(l_1_line, 'chat_url'):
                pass
                t_7.extend((
                    '<a href="',
                    escape(environment.getattr(l_1_line, 'chat_url')),
                    '">',
                    escape(t_1(t_2(environment.getattr(l_1_line, 'chat_url')))),
                    '</a>',
                ))
            l_1_chat = (Markup if context.eval_ctx.autoescape else identity)(concat(t_7))
            _loop_vars['chat'] = l_1_chat
            yield '\n      <p class="km-crisis"><strong>'
            yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'In crisis?', _loop_vars=_loop_vars))
            yield '</strong> '
            template = environment.get_template('partials/crisis.j2', 'partials/footer.mjml.j2')
            gen = template.root_render_func(template.new_context(context.get_all(), True, {'_trans': l_1__trans, 'chat': l_1_chat, 'line': l_1_line, 'dial': l_0_dial, 'own': l_0_own}))
            try:
                for event in gen:
                    yield event
            finally: gen.close()
            if environment.getattr(l_1_line, 'emergency'):
                pass
                yield ' '
                l_1__trans = context.call((undefined(name='dial') if l_0_dial is missing else l_0_dial), environment.getattr(l_1_line, 'emergency'), _loop_vars=_loop_vars)
                _loop_vars['_trans'] = l_1__trans
                yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'In an emergency, call %(number)s.', number=(undefined(name='_trans') if l_1__trans is missing else l_1__trans), _loop_vars=_loop_vars))
            if (t_3((undefined(name='crisis') if l_0_crisis is missing else l_0_crisis)) > 1):
                pass
                yield ' ('
                yield escape(environment.getattr(l_1_line, 'country'))
                yield ')'
            yield '</p>\n      '
        l_1_line = l_1_chat = l_1__trans = missing
        yield '\n      '
        if environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'disclaimer'):
            pass
            yield '<p>'
            yield escape(context.call((undefined(name='own') if l_0_own is missing else l_0_own), environment.getattr((undefined(name='health') if l_0_health is missing else l_0_health), 'disclaimer')))
            yield '</p>'
        yield '\n      '
    yield '\n      <p><strong>'
    yield escape(context.call((undefined(name='own') if l_0_own is missing else l_0_own), environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'name')))
    yield '</strong> · '
    l_0__trans = context.call((undefined(name='own') if l_0_own is missing else l_0_own), environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'name'))
    context.vars['_trans'] = l_0__trans
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'sent by %(name)s, %(address)s', name=(undefined(name='_trans') if l_0__trans is missing else l_0__trans), address=context.call((undefined(name='own') if l_0_own is missing else l_0_own), t_1(environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'email')))))
    if environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'audience'):
        pass
        yield '<br>'
        yield escape(context.call((undefined(name='own') if l_0_own is missing else l_0_own), environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'audience')))
    yield '</p>\n      <div class="km-address"'
    if ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl'):
        pass
        yield ' dir="auto"'
    yield '>'
    yield escape(environment.getattr((undefined(name='merge') if l_0_merge is missing else l_0_merge), 'postal_address'))
    yield '</div>\n      <p><a href="'
    yield escape(environment.getattr((undefined(name='links') if l_0_links is missing else l_0_links), 'unsubscribe'))
    yield '">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Unsubscribe'))
    yield '</a> · <a href="'
    yield escape(environment.getattr((undefined(name='links') if l_0_links is missing else l_0_links), 'preferences'))
    yield '">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Email preferences'))
    yield '</a> · <a href="'
    yield escape(environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'website'))
    yield '">'
    yield escape(t_1(t_2(environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'website'))))
    yield '</a></p>\n      <p><a href="'
    yield escape(environment.getattr((undefined(name='links') if l_0_links is missing else l_0_links), 'web_view'))
    yield '">'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'View this email in your browser'))
    yield '</a></p>\n    </mj-text>\n  </mj-column>\n</mj-section>\n'

blocks = {}
debug_info = '8=44&9=64&13=87&14=90&15=97&16=109&16=122&18=131&20=138&20=142&21=148&22=154&23=166'