from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/header.mjml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_brand = resolve('brand')
    l_0_logo = resolve('logo')
    l_0_size = resolve('size')
    l_0_look = resolve('look')
    l_0_sender = resolve('sender')
    l_0_gettext = resolve('gettext')
    l_0_email = resolve('email')
    pass
    yield '<mj-section css-class="km-header-section" padding="32px 0px 20px 0px">\n  <mj-column>\n    <mj-text css-class="km-header" line-height="1.2">'
    if environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'logo'):
        pass
        l_0_logo = environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'logo')
        context.vars['logo'] = l_0_logo
        context.exported_vars.add('logo')
        t_1 = []
        pass
        t_1.extend((
            ' width="',
            str(environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'width')),
            '"',
        ))
        if environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'height'):
            pass
            t_1.extend((
                ' height="',
                str(environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'height')),
                '"',
            ))
        l_0_size = (Markup if context.eval_ctx.autoescape else identity)(concat(t_1))
        context.vars['size'] = l_0_size
        context.exported_vars.add('size')
        l_0_look = str_join(('display:block;border:0;outline:none;text-decoration:none;max-width:100%;width:', environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'width'), 'px;height:', (str_join((environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'height'), 'px', )) if environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'height') else 'auto'), ';', ))
        context.vars['look'] = l_0_look
        context.exported_vars.add('look')
        yield '      <a href="'
        yield str(environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'website'))
        yield '" class="km-logo-link'
        if environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'dark_url'):
            pass
            yield ' km-logo-light'
        yield '"><img class="km-logo" src="'
        yield str(environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'url'))
        yield '" alt="'
        yield str(environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'alt'))
        yield '"'
        yield str((undefined(name='size') if l_0_size is missing else l_0_size))
        yield ' style="'
        yield str((undefined(name='look') if l_0_look is missing else l_0_look))
        yield '"></a>'
        if environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'dark_url'):
            pass
            yield '      <!--[if !mso]><!--><div class="km-logo-dark" style="display:none;mso-hide:all;"><a href="'
            yield str(environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'website'))
            yield '" class="km-logo-link"><img src="'
            yield str(environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'dark_url'))
            yield '" alt="'
            yield str(environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'alt'))
            yield '"'
            yield str((undefined(name='size') if l_0_size is missing else l_0_size))
            yield ' style="'
            yield str((undefined(name='look') if l_0_look is missing else l_0_look))
            yield '"></a></div><!--<![endif]-->'
    else:
        pass
        yield '      <p><a href="'
        yield str(environment.getattr((undefined(name='sender') if l_0_sender is missing else l_0_sender), 'website'))
        yield '" class="km-wordmark">'
        yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'name'))
        yield '</a></p>'
    yield '    </mj-text>\n  </mj-column>\n</mj-section>\n<mj-section background-color="'
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'card_color'))
    yield '" css-class="km-card" padding="32px 0px 0px 0px">\n  <mj-column>\n    <mj-text css-class="km-eyebrow">\n      <p>'
    yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Part %(position)s of %(total)s', position=environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'position'), total=environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'total')))
    yield '</p>\n    </mj-text>\n  </mj-column>\n</mj-section>\n'

blocks = {}
debug_info = '7=19&8=21&9=28&12=41&13=45&14=59&15=62&18=75&23=80&26=82'