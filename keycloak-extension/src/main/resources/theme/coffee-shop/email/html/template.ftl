<#--
  The coffee shop's e-mail layout: a brand header, the message, a footer. Inline styles only (mail clients drop
  <style> blocks), a single 600px column that shrinks on phones, colours with WCAG AA contrast.
  Every template: <#import "template.ftl" as layout> <@layout.emailLayout> ... </@layout.emailLayout>;
  helpers: <@layout.greeting/>, <@layout.button href label/>, ${layout.deadline(minutes)}, <@layout.linkFallback href/>.
-->
<#macro emailLayout>
<!DOCTYPE html>
<html lang="${locale.language}" dir="${(ltr)?then('ltr','rtl')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${realmName}</title>
</head>
<body style="margin:0;padding:0;background-color:#f5ebe0;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f5ebe0;">
  <tr>
    <td align="center" style="padding:24px 12px;">
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#fffaf4;border-radius:12px;border-top:6px solid #b5651d;">
        <tr>
          <td style="padding:24px 32px 8px 32px;font-family:Georgia,'Times New Roman',serif;font-size:24px;font-weight:bold;color:#3b2417;">
            <span aria-hidden="true" style="display:inline-block;width:28px;height:28px;line-height:28px;text-align:center;border-radius:14px;background-color:#6f4e37;color:#fffaf4;font-size:16px;">&#9749;</span>
            ${realmName}
          </td>
        </tr>
        <tr>
          <td style="padding:8px 32px 24px 32px;font-family:'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.6;color:#2b1a10;">
            <#nested>
          </td>
        </tr>
        <tr>
          <td style="padding:16px 32px 24px 32px;border-top:1px solid #ead8c4;font-family:'Segoe UI',Roboto,Arial,sans-serif;font-size:13px;line-height:1.5;color:#5c4535;">
            ${msg("coffeeFooter", realmName)}
          </td>
        </tr>
      </table>
    </td>
  </tr>
</table>
</body>
</html>
</#macro>

<#macro greeting>
<p style="margin:0 0 16px 0;"><#if user?? && user.firstName?has_content>${msg("coffeeGreetingName", user.firstName)}<#else>${msg("coffeeGreeting")}</#if></p>
</#macro>

<#-- A button that is a plain link (works without images and CSS), then the address itself for copying. -->
<#macro button href label>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:24px 0;">
  <tr>
    <td style="border-radius:999px;background-color:#6f4e37;">
      <a href="${href}" style="display:inline-block;padding:12px 28px;font-family:'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:999px;">${label}</a>
    </td>
  </tr>
</table>
</#macro>

<#-- The address of a button's link for copying, at the end of the mail where its length does not get in the way. -->
<#macro linkFallback href>
<p style="margin:24px 0 0 0;font-size:12px;line-height:1.4;color:#5c4535;">${msg("coffeeLinkFallback")}<br><a href="${href}" style="color:#7a4a1f;word-break:break-all;">${href}</a></p>
</#macro>

<#-- When a link made now, valid for the given minutes, stops working: in the shop's zone, with its offset. -->
<#function deadline minutes>
  <#setting time_zone=(properties.coffeeTimeZone)!"Asia/Tashkent">
  <#return (.now?long + minutes * 60000)?number_to_datetime?string("yyyy-MM-dd HH:mm") + " (" + ((properties.coffeeTimeZone)!"Asia/Tashkent") + ", UTC" + (.now?long + minutes * 60000)?number_to_datetime?string("XXX") + ")">
</#function>
