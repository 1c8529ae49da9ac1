from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/question.mjml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_brand = resolve('brand')
    l_0_gettext = resolve('gettext')
    l_0_email = resolve('email')
    l_0_address = missing
    try:
        t_1 = environment.filters['breakable']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'breakable' found.")
    pass
    yield '<mj-section background-color="'
    yield escape(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'card_color'))
    yield '" css-class="km-card km-divider" padding="8px 0px 32px 0px" border-top="1px solid '
    yield escape(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'divider_color'))
    yield '">\n  <mj-column>\n    <mj-text css-class="km-eyebrow" padding="24px 32px 8px 32px">\n      <p>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Over to you'))
    yield '</p>\n    </mj-text>\n    <mj-text css-class="km-question" padding="0px 32px">\n      <p>'
    yield escape(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'question'))
    yield '</p>\n    </mj-text><mj-text css-class="km-reply" padding="12px 32px 0px 32px">'
    l_1_sender = resolve('sender')
    t_2 = []
    pass
    t_2.extend((
        '<a href="mailto:',
        escape(environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'reply_to')),
        '">',
        escape(t_1(environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'reply_to'))),
        '</a>',
    ))
    l_0_address = (Markup if context.eval_ctx.autoescape else identity)(concat(t_2))
    context.vars['address'] = l_0_address
    context.exported_vars.add('address')
    l_1_sender = missing
    yield '\n      <p>'
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Just reply to this email: we read every reply.'))
    yield ' '
    yield escape(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Or write to %(address)s', address=(undefined(name='address') if l_0_address is missing else l_0_address)))
    yield '.</p>\n    </mj-text>\n  </mj-column>\n</mj-section>\n'

blocks = {}
debug_info = '2=22&5=26&8=28&12=35&13=45'