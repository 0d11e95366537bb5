<#ftl output_format="plainText">
${msg("coffeeVerifyReminderText", email, link, deadline)}
