package uz.coffeeshop.it.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real SMTP server (GreenMail) on a free loopback port that Keycloak sends to and the tests read. */
public final class Mailbox implements AutoCloseable {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+");

    private final GreenMail greenMail;

    private Mailbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    public static Mailbox start() {
        return start(FreePort.next());
    }

    /** A mail server on {@code port}: e.g. the same port again after {@link #close()}, as an SMTP outage ends. */
    public static Mailbox start(int port) {
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new Mailbox(greenMail);
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /** Waits for the first message to {@code recipient} whose subject contains {@code subjectPart}. */
    public MimeMessage awaitMessage(String recipient, String subjectPart, Duration timeout) {
        return Await.until(
                        () -> messagesTo(recipient).stream()
                                .filter(message -> subject(message).contains(subjectPart))
                                .findFirst(),
                        Optional::isPresent,
                        Duration.ofMillis(200),
                        timeout,
                        none -> new AssertionError("no mail to " + recipient + " with '" + subjectPart + "' within "
                                + timeout + "; the mailbox holds "
                                + messagesTo(recipient).stream()
                                        .map(Mailbox::subject)
                                        .toList()))
                .orElseThrow();
    }

    public List<MimeMessage> messagesTo(String recipient) {
        return Arrays.stream(greenMail.getReceivedMessages())
                .filter(message -> isTo(message, recipient))
                .toList();
    }

    /** The first link in the message's text whose URL contains {@code urlPart}, HTML entities decoded. */
    public static String link(MimeMessage message, String urlPart) {
        String text = text(message);
        Matcher matcher = LINK.matcher(text.replace("&amp;", "&"));
        while (matcher.find()) {
            if (matcher.group().contains(urlPart)) {
                return matcher.group();
            }
        }
        throw new AssertionError("no link containing '" + urlPart + "' in: " + text);
    }

    /** Every text part of the message (plain and HTML), transfer encoding undone. */
    public static String text(MimeMessage message) {
        try {
            return text(message.getContent());
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }

    private static String text(Object content) throws IOException, MessagingException {
        if (content instanceof Multipart multipart) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                all.append(text(multipart.getBodyPart(i).getContent())).append('\n');
            }
            return all.toString();
        }
        return content instanceof String string ? string : "";
    }

    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isTo(MimeMessage message, String recipient) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(address -> address.toString().equalsIgnoreCase(recipient));
        } catch (MessagingException e) {
            return false;
        }
    }

    public static String subject(MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (MessagingException e) {
            return "";
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
