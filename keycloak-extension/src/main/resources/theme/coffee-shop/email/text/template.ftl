<#ftl output_format="plainText">
<#--
  The plain-text twin of html/template.ftl: the same greeting, deadline and footer, so both parts of a mail
  say the same thing.
-->
<#macro emailLayout>
${realmName}
==========

<#nested>

--
${msg("coffeeFooter", realmName)}
</#macro>

<#macro greeting><#if user?? && user.firstName?has_content>${msg("coffeeGreetingName", user.firstName)}<#else>${msg("coffeeGreeting")}</#if></#macro>

<#function deadline minutes>
  <#setting time_zone=(properties.coffeeTimeZone)!"Asia/Tashkent">
  <#return (.now?long + minutes * 60000)?number_to_datetime?string("yyyy-MM-dd HH:mm") + " (" + ((properties.coffeeTimeZone)!"Asia/Tashkent") + ", UTC" + (.now?long + minutes * 60000)?number_to_datetime?string("XXX") + ")">
</#function>
