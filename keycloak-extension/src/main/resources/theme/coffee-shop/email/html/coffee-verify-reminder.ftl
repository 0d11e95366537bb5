<#-- cleanup: the one reminder before an unverified account is deleted (attributes: email, link, deadline). -->
<html>
<body>
${kcSanitize(msg("coffeeVerifyReminderHtml", email, link, deadline))?no_esc}
</body>
</html>
