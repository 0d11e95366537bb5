<#ftl output_format="plainText">
<#-- Sent in enumeration-safe mode when someone signs up with an address that already has an account. -->
${msg("coffeeSignupExistingBody", email, realmName)}
