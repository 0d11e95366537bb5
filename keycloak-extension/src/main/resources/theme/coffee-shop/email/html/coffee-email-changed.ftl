<#-- Sent to the old address when the account's e-mail is changed: by its owner (a link went to the new address) or by an admin. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<#if byAdmin>
${kcSanitize(msg("coffeeEmailChangedByAdminBodyHtml", oldEmail, newEmail, realmName))?no_esc}
<#else>
${kcSanitize(msg("coffeeEmailChangeRequestedBodyHtml", oldEmail, newEmail, realmName))?no_esc}
</#if>
</@layout.emailLayout>
