from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/teaser.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_email = resolve('email')
    l_0_gettext = resolve('gettext')
    l_0_ngettext = resolve('ngettext')
    try:
        t_1 = environment.filters['long_date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'long_date' found.")
    pass
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'next_send_at'):
        pass
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Coming next, %(date)s:', date=t_1(context, environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'next_send_at'))))
    elif environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'next_in_days'):
        pass
        yield str(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), 'In %(num)s day:', 'In %(num)s days:', environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'next_in_days')))
    else:
        pass
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Coming next:'))

blocks = {}
debug_info = '3=20&4=22&5=23&6=25&8=28'