<#import "template.ftl" as layout>
<@layout.emailLayout>
<@layout.greeting/>
<p style="margin:0 0 16px 0;">${msg("coffeeVerifyIntro", realmName)}</p>
<@layout.button href=link label=msg("coffeeVerifyButton")/>
<p style="margin:0 0 16px 0;"><strong>${msg("coffeeLinkDeadline", layout.deadline(linkExpiration), linkExpirationFormatter(linkExpiration))}</strong></p>
<p style="margin:0;">${msg("coffeeVerifyIgnore")}</p>
<@layout.linkFallback href=link/>
</@layout.emailLayout>
