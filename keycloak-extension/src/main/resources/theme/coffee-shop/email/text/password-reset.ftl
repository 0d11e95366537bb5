<#ftl output_format="plainText">
<#import "template.ftl" as layout>
<@layout.emailLayout>
<@layout.greeting/>

${msg("coffeeResetIntro", realmName)}

${msg("coffeeResetButton")}:
${link}

${msg("coffeeLinkDeadline", layout.deadline(linkExpiration), linkExpirationFormatter(linkExpiration))}

${msg("coffeeResetIgnore")}
</@layout.emailLayout>
