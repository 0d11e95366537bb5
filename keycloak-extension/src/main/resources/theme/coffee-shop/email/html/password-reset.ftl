<#import "template.ftl" as layout>
<@layout.emailLayout>
<@layout.greeting/>
<p style="margin:0 0 16px 0;">${msg("coffeeResetIntro", realmName)}</p>
<@layout.button href=link label=msg("coffeeResetButton")/>
<p style="margin:0 0 16px 0;"><strong>${msg("coffeeLinkDeadline", layout.deadline(linkExpiration), linkExpirationFormatter(linkExpiration))}</strong></p>
<p style="margin:0;">${msg("coffeeResetIgnore")}</p>
<@layout.linkFallback href=link/>
</@layout.emailLayout>
