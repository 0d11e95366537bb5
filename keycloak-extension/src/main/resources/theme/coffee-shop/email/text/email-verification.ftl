<#ftl output_format="plainText">
<#import "template.ftl" as layout>
<@layout.emailLayout>
<@layout.greeting/>

${msg("coffeeVerifyIntro", realmName)}

${msg("coffeeVerifyButton")}:
${link}

${msg("coffeeLinkDeadline", layout.deadline(linkExpiration), linkExpirationFormatter(linkExpiration))}

${msg("coffeeVerifyIgnore")}
</@layout.emailLayout>
