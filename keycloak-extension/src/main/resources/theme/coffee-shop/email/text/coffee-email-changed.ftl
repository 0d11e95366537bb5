<#ftl output_format="plainText">
<#-- Sent to the old address when the account's e-mail is changed: by its owner (a link went to the new address) or by an admin. -->
<#if byAdmin>
${msg("coffeeEmailChangedByAdminBody", oldEmail, newEmail, realmName)}
<#else>
${msg("coffeeEmailChangeRequestedBody", oldEmail, newEmail, realmName)}
</#if>
