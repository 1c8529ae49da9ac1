from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/styles.mjml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_dir = resolve('dir')
    l_0_brand = resolve('brand')
    l_0_rtl = l_0_start = l_0_dark_backgrounds = l_0_dark_texts = l_0_dark_borders = l_0_dark_rules = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    l_0_rtl = ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl')
    context.vars['rtl'] = l_0_rtl
    context.exported_vars.add('rtl')
    l_0_start = ('right' if (undefined(name='rtl') if l_0_rtl is missing else l_0_rtl) else 'left')
    context.vars['start'] = l_0_start
    context.exported_vars.add('start')
    yield '<mj-style>\n  :root { color-scheme: light dark; supported-color-schemes: light dark; }\n  .km-text h1 { margin: 0 0 16px 0; font-size: 28px; line-height: 1.25; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; }\n  .km-text h2 { margin: 24px 0 8px 0; font-size: 20px; line-height: 1.3; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; }\n  .km-text p { margin: 0 0 16px 0; }\n  .km-text h3 { margin: 24px 0 8px 0; font-size: 18px; line-height: 1.35; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; }\n  .km-text h4, .km-text h5, .km-text h6 { margin: 16px 0 8px 0; font-size: 16px; line-height: 1.4; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; }\n  .km-text ol, .km-text ul { margin: '
    yield str(('0 24px 16px 0' if (undefined(name='rtl') if l_0_rtl is missing else l_0_rtl) else '0 0 16px 24px'))
    yield '; padding: 0; }\n  .km-text li { margin: 0 0 6px 0; }\n  .km-text li ol, .km-text li ul { margin: '
    yield str(('6px 20px 0 0' if (undefined(name='rtl') if l_0_rtl is missing else l_0_rtl) else '6px 0 0 20px'))
    yield '; }  img { font-family: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'font_family'))
    yield '; font-size: 14px; line-height: 1.4; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'muted_color'))
    yield '; }\n  .km-text a { color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '; text-decoration: underline; }\n  .km-text blockquote { margin: 0 0 16px 0; padding: '
    yield str(('4px 16px 4px 0' if (undefined(name='rtl') if l_0_rtl is missing else l_0_rtl) else '4px 0 4px 16px'))
    yield '; border-'
    yield str((undefined(name='start') if l_0_start is missing else l_0_start))
    yield ': 4px solid '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '; }\n  .km-text blockquote p { margin: 0 0 8px 0; font-style: italic; }\n  .km-text p.km-cite { font-style: normal; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'muted_color'))
    yield '; }\n  .km-text div.km-table-scroll { overflow-x: auto; margin: 0 0 16px 0; max-width: 536px; max-width: calc(100vw - 64px); }\n  .km-text table.km-table { border-collapse: collapse; margin: 0; width: 100%; }\n  .km-text th, .km-text td { font-family: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'font_family'))
    yield '; mso-line-height-rule: exactly; border: 1px solid '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'muted_color'))
    yield '; padding: 6px 8px; text-align: '
    yield str((undefined(name='start') if l_0_start is missing else l_0_start))
    yield '; vertical-align: top; font-size: 16px; line-height: 1.5; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; word-break: keep-all; overflow-wrap: normal; hyphens: manual; }\n  .km-text th { background-color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'note_color'))
    yield '; font-weight: bold; }\n  .km-text pre { margin: 0 0 16px 0; padding: 12px; background-color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'note_color'))
    yield '; white-space: pre-wrap; font-size: 16px; line-height: 1.5; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield "; }\n  .km-text code { font-family: Menlo, Consolas, 'Courier New', monospace; }\n  .km-text p.km-badge { margin: -4px 0 20px 0; font-size: 16px; line-height: 1.9; }\n  .km-text p.km-badge a { white-space: nowrap; }\n  .km-text span.km-badge-level { display: inline-block; padding: 1px 10px; border-radius: 4px; background-color: "
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'note_color'))
    yield '; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '; font-weight: bold; line-height: 1.6; }\n  .km-text hr { border: 0; border-top: 1px solid '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'muted_color'))
    yield '; margin: 24px 0; }\n  .km-note p { margin: 0 0 12px 0; font-size: 16px; line-height: 1.55; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; }\n  .km-note ul { margin: '
    yield str(('0 20px 0 0' if (undefined(name='rtl') if l_0_rtl is missing else l_0_rtl) else '0 0 0 20px'))
    yield '; padding: 0; }\n  .km-note li { margin: 0 0 6px 0; font-size: 16px; line-height: 1.5; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; }\n  .km-note a { color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '; text-decoration: underline; }\n  .km-note h2.km-note-label { margin: 0 0 12px 0; font-size: 16px; line-height: 1.55; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '; }\n  .km-note a[name] { color: inherit; text-decoration: none; }\n  .km-header p { margin: 0; }\n  .km-header a.km-wordmark { font-size: 20px; line-height: 1.3; font-weight: bold; letter-spacing: 0.2px; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '; text-decoration: none; }\n  .km-eyebrow p { margin: 0 0 8px 0; font-size: 13px; line-height: 1.5; font-weight: bold; letter-spacing: '
    yield str(('0' if (undefined(name='rtl') if l_0_rtl is missing else l_0_rtl) else '1px'))
    yield '; text-transform: uppercase; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '; }\n  .km-question p { margin: 0; font-size: 20px; line-height: 1.45; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; }\n  .km-reply p { margin: 0; font-size: 16px; line-height: 1.5; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; }\n  .km-reply a { color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '; text-decoration: underline; }\n  .km-footer p, .km-footer .km-address { margin: 0 0 8px 0; font-size: 13px; line-height: 1.5; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'muted_color'))
    yield '; }\n  .km-footer p.km-crisis { margin: 0 0 10px 0; font-size: 15px; color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; }\n  .km-footer a { color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'muted_color'))
    yield '; text-decoration: underline; }\n  .km-footer p.km-crisis a { color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'text_color'))
    yield '; }\n  @media only screen and (max-width: 479px) {\n    td.km-header, td.km-text, td.km-image, td.km-eyebrow, td.km-question, td.km-reply, td.km-footer, td.km-button { padding-left: 20px !important; padding-right: 20px !important; }\n    .km-text h1 { font-size: 24px !important; }\n    .km-header img { height: auto !important; }    div.km-box-section > table > tbody > tr > td { padding-left: 20px !important; padding-right: 20px !important; }\n    td.km-note { padding-left: 16px !important; padding-right: 16px !important; }\n  }a[x-apple-data-detectors] { color: inherit !important; text-decoration: none !important; font-size: inherit !important; font-family: inherit !important; font-weight: inherit !important; line-height: inherit !important; }\n  u + .body a, u + #body a { color: inherit; text-decoration: none; font-size: inherit; font-family: inherit; font-weight: inherit; line-height: inherit; }\n  u + .body .km-text a, u + .body .km-note a { color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '; text-decoration: underline; }\n  u + .body .km-footer a { color: '
    yield str(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'muted_color'))
    yield '; text-decoration: underline; }'
    l_0_dark_backgrounds = [(['body', '.km-page'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_background_color')), (['.km-card', '.km-card table', '.km-card td'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_card_color')), (['.km-text th', '.km-text pre', '.km-text span.km-badge-level'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_note_color')), (['.km-note-box', '.km-note-box table', '.km-note-box td'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_note_color')), (['.km-button table td', '.km-button a'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_primary_color'))]
    context.vars['dark_backgrounds'] = l_0_dark_backgrounds
    context.exported_vars.add('dark_backgrounds')
    l_0_dark_texts = [(['.km-text div', '.km-text p', '.km-text li', '.km-text h1', '.km-text h2', '.km-text h3', '.km-text h4', '.km-text h5', '.km-text h6', '.km-text td', '.km-text th', '.km-text pre', '.km-question p', '.km-reply p'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_text_color')), (['.km-text p.km-cite', '.km-footer p', '.km-footer .km-address', '.km-footer a'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_muted_color')), (['.km-footer p.km-crisis', '.km-footer p.km-crisis a'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_text_color')), (['.km-header a.km-wordmark', '.km-eyebrow p'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_primary_color')), (['.km-note p', '.km-note li'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_text_color')), (['.km-text a', '.km-note a', '.km-note h2.km-note-label', '.km-reply a', '.km-text span.km-badge-level'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_primary_color')), (['.km-button table td', '.km-button a'], environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_background_color'))]
    context.vars['dark_texts'] = l_0_dark_texts
    context.exported_vars.add('dark_texts')
    l_0_dark_borders = [(['.km-text blockquote'], str_join(('border-', (undefined(name='start') if l_0_start is missing else l_0_start), '-color', )), environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_primary_color')), (['.km-divider', '.km-divider td'], 'border-top-color', environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_note_color')), (['.km-note-box td'], str_join(('border-', (undefined(name='start') if l_0_start is missing else l_0_start), '-color', )), environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'dark_primary_color'))]
    context.vars['dark_borders'] = l_0_dark_borders
    context.exported_vars.add('dark_borders')
    def macro(l_1_text_prefix, l_1_background_prefix):
        t_2 = []
        if l_1_text_prefix is missing:
            l_1_text_prefix = undefined("parameter 'text_prefix' was not provided", name='text_prefix')
        if l_1_background_prefix is missing:
            l_1_background_prefix = undefined("parameter 'background_prefix' was not provided", name='background_prefix')
        pass
        for (l_2_selectors, l_2_colour) in (undefined(name='dark_backgrounds') if l_0_dark_backgrounds is missing else l_0_dark_backgrounds):
            _loop_vars = {}
            pass
            t_2.extend((
                '    ',
                str(str_join((l_1_background_prefix, t_1(context.eval_ctx, l_2_selectors, str_join((', ', l_1_background_prefix, ))), ))),
                ' { background-color: ',
                str(l_2_colour),
                ' !important; }',
            ))
        l_2_selectors = l_2_colour = missing
        for (l_2_selectors, l_2_colour) in (undefined(name='dark_texts') if l_0_dark_texts is missing else l_0_dark_texts):
            _loop_vars = {}
            pass
            t_2.extend((
                '    ',
                str(str_join((l_1_text_prefix, t_1(context.eval_ctx, l_2_selectors, str_join((', ', l_1_text_prefix, ))), ))),
                ' { color: ',
                str(l_2_colour),
                ' !important; }',
            ))
        l_2_selectors = l_2_colour = missing
        for (l_2_selectors, l_2_property, l_2_colour) in (undefined(name='dark_borders') if l_0_dark_borders is missing else l_0_dark_borders):
            _loop_vars = {}
            pass
            t_2.extend((
                '    ',
                str(str_join((l_1_text_prefix, t_1(context.eval_ctx, l_2_selectors, str_join((', ', l_1_text_prefix, ))), ))),
                ' { ',
                str(l_2_property),
                ': ',
                str(l_2_colour),
                ' !important; }',
            ))
        l_2_selectors = l_2_property = l_2_colour = missing
        return concat(t_2)
    context.exported_vars.add('dark_rules')
    context.vars['dark_rules'] = l_0_dark_rules = Macro(environment, macro, 'dark_rules', ('text_prefix', 'background_prefix'), False, False, False, context.eval_ctx.autoescape)
    yield '  @media (prefers-color-scheme: dark) {'
    yield str(context.call((undefined(name='dark_rules') if l_0_dark_rules is missing else l_0_dark_rules), '', ''))
    yield '\n  }'
    yield str(context.call((undefined(name='dark_rules') if l_0_dark_rules is missing else l_0_dark_rules), '[data-ogsc] ', '[data-ogsb] '))
    if (environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'logo') and environment.getattr(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'logo'), 'dark_url')):
        pass
        yield '  @media (prefers-color-scheme: dark) {\n    .km-logo-light { display: none !important; }\n    .km-logo-dark { display: block !important; }\n  }\n  [data-ogsc] .km-logo-light { display: none !important; }\n  [data-ogsc] .km-logo-dark { display: block !important; }'
    yield '</mj-style>\n'

blocks = {}
debug_info = '4=20&5=23&8=27&9=29&11=31&12=33&13=35&15=37&17=39&18=43&19=45&21=51&24=53&25=61&26=63&30=67&31=71&32=73&33=75&34=77&35=79&36=81&39=83&40=85&41=89&42=91&43=93&44=95&45=97&46=99&47=101&59=103&60=105&63=107&70=110&79=113&84=116&85=123&86=128&88=134&89=139&91=145&92=150&96=162&98=164&99=165'