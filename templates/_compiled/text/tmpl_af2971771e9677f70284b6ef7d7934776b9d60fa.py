from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/gallery_row.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_row = resolve('row')
    l_0_gettext = resolve('gettext')
    l_0_ngettext = resolve('ngettext')
    l_0_widths = resolve('widths')
    l_0__ = resolve('_')
    l_0_checks_skipped = resolve('checks_skipped')
    l_0_email = l_0_page = missing
    try:
        t_1 = environment.filters['e']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'e' found.")
    pass
    l_0_email = environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'entry')
    context.vars['email'] = l_0_email
    context.exported_vars.add('email')
    l_0_page = (t_1(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'card'), 'html')) if environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'card') else '')
    context.vars['page'] = l_0_page
    context.exported_vars.add('page')
    yield '<article id="'
    yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'slug'))
    yield '">\n  <h2>'
    yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'position'))
    yield '. '
    yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'subject'))
    yield '</h2>\n  <p class="meta">'
    yield str((environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'card'), 'send_date') if environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'card') else environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'send_at')))
    yield ' · '
    yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'kind'))
    yield ' · '
    yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'preheader: %(preheader)s', preheader=environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'preheader')))
    yield '</p>\n  <p class="meta"><a href="'
    yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'html'))
    yield '">'
    yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'HTML'))
    yield '</a> · <a href="'
    yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'text'))
    yield '">'
    yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'plain text'))
    yield '</a>'
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'eml'):
        pass
        yield ' · <a href="'
        yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'eml'))
        yield '">.eml</a>'
    yield ' · '
    yield str(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(num)s byte', '%(num)s bytes', environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'html_bytes')))
    if environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'words'):
        pass
        yield ' · '
        yield str(context.call((undefined(name='ngettext') if l_0_ngettext is missing else l_0_ngettext), '%(num)s word, %(minutes)s min read', '%(num)s words, %(minutes)s min read', environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'words'), minutes=environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'minutes')))
    yield '</p>\n  <div class="email">\n'
    for l_1_width in (undefined(name='widths') if l_0_widths is missing else l_0_widths):
        _loop_vars = {}
        pass
        yield '    <figure>\n      <figcaption>'
        yield str(l_1_width)
        yield ' px</figcaption>\n'
        if environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'card'):
            pass
            yield '      <iframe class="frame" loading="lazy" data-email="'
            yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'slug'))
            yield '" style="width: '
            yield str(l_1_width)
            yield 'px" srcdoc="'
            yield str((undefined(name='page') if l_0_page is missing else l_0_page))
            yield '" title="'
            yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), '%(subject)s at %(width)s px', subject=environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'subject'), width=l_1_width, _loop_vars=_loop_vars))
            yield '"></iframe>\n'
        else:
            pass
            yield '      <iframe class="frame" loading="lazy" style="width: '
            yield str(l_1_width)
            yield 'px" src="'
            yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'html'))
            yield '" title="'
            yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), '%(subject)s at %(width)s px', subject=environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'subject'), width=l_1_width, _loop_vars=_loop_vars))
            yield '"></iframe>\n'
        yield '    </figure>\n'
    l_1_width = missing
    yield '    <section class="checks" aria-label="'
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Checks'))
    yield '">\n      <strong>'
    yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Checks'))
    yield '</strong>\n'
    if (undefined(name='checks_skipped') if l_0_checks_skipped is missing else l_0_checks_skipped):
        pass
        yield '      <p>'
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'skipped'))
        yield '</p>\n'
    elif environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'findings'):
        pass
        yield '      <ul>\n'
        for l_1_finding in environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'findings'):
            _loop_vars = {}
            pass
            yield '        <li>'
            yield str(environment.getattr(l_1_finding, 'severity'))
            yield ' '
            yield str(environment.getattr(l_1_finding, 'rule'))
            yield ' · '
            yield str(environment.getattr(l_1_finding, 'where'))
            yield ': '
            yield str(environment.getattr(l_1_finding, 'message'))
            yield '</li>\n'
        l_1_finding = missing
        yield '      </ul>\n'
    else:
        pass
        yield '      <p>'
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'no findings'))
        yield '</p>\n'
    yield '    </section>\n  </div>\n'
    if environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'card'):
        pass
        yield '  <details><summary>'
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Plain text'))
        yield '</summary><pre class="text">'
        yield str(environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'card'), 'text'))
        yield '</pre></details>  <details class="source" data-email="'
        yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'slug'))
        yield '"><summary>'
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'HTML source'))
        yield '</summary><pre class="source"><code></code></pre><noscript><p><a href="'
        yield str(environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'html'))
        yield '">'
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'HTML'))
        yield '</a></p></noscript></details>\n  <details><summary>'
        yield str(context.call((undefined(name='gettext') if l_0_gettext is missing else l_0_gettext), 'Headers (.eml)'))
        yield '</summary>\n    <table class="headers">\n'
        for (l_1_name, l_1_value) in environment.getattr(environment.getattr((undefined(name='row') if l_0_row is missing else l_0_row), 'card'), 'headers'):
            _loop_vars = {}
            pass
            yield '      <tr><th scope="row">'
            yield str(l_1_name)
            yield '</th><td>'
            yield str(l_1_value)
            yield '</td></tr>\n'
        l_1_name = l_1_value = missing
        yield '    </table>\n  </details>\n'
    yield '</article>\n'

blocks = {}
debug_info = '5=24&6=31&7=33&8=37&9=43&11=63&13=67&14=69&15=72&17=83&21=92&22=94&23=96&24=99&25=101&27=104&28=108&32=121&36=124&37=127&40=131&41=139&43=141&44=145'