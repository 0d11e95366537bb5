<#-- Sent in enumeration-safe mode when someone signs up with an address that already has an account. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
${kcSanitize(msg("coffeeSignupExistingBodyHtml", email, realmName))?no_esc}
</@layout.emailLayout>
