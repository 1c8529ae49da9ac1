from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/crisis.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_line = resolve('line')
    l_0_dial = resolve('dial')
    l_0_gettext = resolve('gettext')
    l_0_own = resolve('own')
    l_0_chat = resolve('chat')
    l_0__trans = resolve('_trans')
    l_0_number = missing
    pass
    l_0_number = (context.call((undefined(name='dial') if l_0_dial is missing else l_0_dial), environment.getattr((undefined(name='line') if l_0_line is missing else l_0_line), 'call_or_text')) if environment.getattr((undefined(name='line') if l_0_line is missing else l_0_line), 'call_or_text') else '')
    context.vars['number'] = l_0_number
    context.exported_vars.add('number')
    if (environment.getattr((undefined(name='line') if l_0_line is missing else l_0_line), 'call_or_text') and environment.getattr((undefined(name='line') if l_0_line is missing else l_0_line), 'chat_url')):
        pass
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Call or text %(number)s (%(service)s), or chat at %(chat)s.', number=(undefined(name='number') if l_0_number is missing else l_0_number), service=context.call((undefined(name='own') if l_0_own is missing else l_0_own), environment.getattr((undefined(name='line') if l_0_line is missing else l_0_line), 'service')), chat=(undefined(name='chat') if l_0_chat is missing else l_0_chat)))
    elif environment.getattr((undefined(name='line') if l_0_line is missing else l_0_line), 'call_or_text'):
        pass
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Call or text %(number)s (%(service)s).', number=(undefined(name='number') if l_0_number is missing else l_0_number), service=context.call((undefined(name='own') if l_0_own is missing else l_0_own), environment.getattr((undefined(name='line') if l_0_line is missing else l_0_line), 'service'))))
    elif environment.getattr((undefined(name='line') if l_0_line is missing else l_0_line), 'chat_url'):
        pass
        l_0__trans = context.call((undefined(name='own') if l_0_own is missing else l_0_own), environment.getattr((undefined(name='line') if l_0_line is missing else l_0_line), 'service'))
        context.vars['_trans'] = l_0__trans
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Contact %(service)s, or chat at %(chat)s.', service=(undefined(name='_trans') if l_0__trans is missing else l_0__trans), chat=(undefined(name='chat') if l_0_chat is missing else l_0_chat)))
    else:
        pass
        l_0__trans = context.call((undefined(name='own') if l_0_own is missing else l_0_own), environment.getattr((undefined(name='line') if l_0_line is missing else l_0_line), 'service'))
        context.vars['_trans'] = l_0__trans
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Contact %(service)s.', service=(undefined(name='_trans') if l_0__trans is missing else l_0__trans)))

blocks = {}
debug_info = '5=18&6=21&7=23&8=24&9=26&10=27&11=31&13=36'