from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/button.mjml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_email = resolve('email')
    l_0_brand = resolve('brand')
    l_0_dir = resolve('dir')
    l_0_button = l_0_button_width = missing
    try:
        t_1 = environment.filters['button_width']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'button_width' found.")
    pass
    l_0_button = environment.getattr((undefined(name='email') if l_0_email is missing else l_0_email), 'button')
    context.vars['button'] = l_0_button
    context.exported_vars.add('button')
    l_0_button_width = t_1(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'label'))
    context.vars['button_width'] = l_0_button_width
    context.exported_vars.add('button_width')
    yield '\n<mj-section background-color="'
    yield escape(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'card_color'))
    yield '" css-class="km-card" padding="16px 0px 24px 0px">\n  <mj-column>\n    '
    if environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'lead_in'):
        pass
        yield '\n    <mj-text css-class="km-text km-lead-in" padding="0px 32px 16px 32px">\n      <p>'
        yield escape(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'lead_in'))
        yield '</p>\n    </mj-text>\n    '
    yield '\n    <mj-raw>\n      <!--[if mso]><tr><td align="'
    yield escape(('right' if ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl') else 'left'))
    yield '" style="padding:0px 32px;"><v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="urn:schemas-microsoft-com:office:word" href="'
    yield escape(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'url'))
    yield '" style="height:48px;v-text-anchor:middle;width:'
    yield escape((undefined(name='button_width') if l_0_button_width is missing else l_0_button_width))
    yield 'px;" arcsize="13%" stroke="f" fillcolor="'
    yield escape(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '"><w:anchorlock/><center style="color:'
    yield escape(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'card_color'))
    yield ';font-family:'
    yield escape(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'font_family'))
    yield ';font-size:16px;font-weight:bold;">'
    yield escape(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'label'))
    yield '</center></v:roundrect></td></tr><![endif]-->\n    </mj-raw>\n    <mj-raw><!--[if !mso]><!--></mj-raw>\n    <mj-button href="'
    yield escape(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'url'))
    yield '" css-class="km-button" background-color="'
    yield escape(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'primary_color'))
    yield '" color="'
    yield escape(environment.getattr((undefined(name='brand') if l_0_brand is missing else l_0_brand), 'card_color'))
    yield '" font-size="16px" font-weight="bold" border-radius="6px" inner-padding="14px 28px" padding="0px 32px" align="'
    yield escape(('right' if ((undefined(name='dir') if l_0_dir is missing else l_0_dir) == 'rtl') else 'left'))
    yield '">'
    yield escape(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'label'))
    yield '</mj-button>\n    <mj-raw><!--<![endif]--></mj-raw>\n  </mj-column>\n</mj-section>\n'

blocks = {}
debug_info = '5=21&6=24&7=28&9=30&11=33&15=36&18=50'