#include "mail/mime.h"

#include <cctype>

#include "common/html.h"
#include "mail/gmime_support.h"

namespace tierdesk::mail {

std::string Html(std::string_view text) {
  std::string out = "<!doctype html><html><body><p>";
  size_t i = 0;
  while (i < text.size()) {
    // Links become anchors; everything else is escaped, blank lines start paragraphs.
    if (text.compare(i, 7, "http://") == 0 || text.compare(i, 8, "https://") == 0) {
      size_t end = i;
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
      const std::string url = EscapeHtml(text.substr(i, end - i));
      out += "<a href=\"" + url + "\">" + url + "</a>";
      i = end;
      continue;
    }
    if (text.compare(i, 2, "\n\n") == 0) {
      out += "</p><p>";
      i += 2;
      continue;
    }
    if (text[i] == '\n')
      out += "<br>";
    else
      out += EscapeHtml(text.substr(i, 1));
    ++i;
  }
  return out + "</p></body></html>";
}

std::string BuildMime(const OutgoingMail& mail) {
  InitGMime();
  GObjectPtr<GMimeMessage> message(g_mime_message_new(TRUE));
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, mail.from_name.c_str(),
                             mail.from_address.c_str());
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, "", mail.to_address.c_str());
  g_mime_message_set_subject(message.get(), mail.subject.c_str(), "utf-8");
  g_mime_message_set_message_id(message.get(), mail.message_id.c_str());
  GDateTime* date = g_date_time_new_from_unix_utc(mail.date.time_since_epoch().count());
  g_mime_message_set_date(message.get(), date);
  g_date_time_unref(date);
  GMimeObject* object = GMIME_OBJECT(message.get());
  if (!mail.in_reply_to.empty()) {
    const std::string id = "<" + mail.in_reply_to + ">";
    g_mime_object_set_header(object, "In-Reply-To", id.c_str(), nullptr);
    g_mime_object_set_header(object, "References", id.c_str(), nullptr);
  }
  // Our mail is automated: auto-responders must not answer it (RFC 3834).
  g_mime_object_set_header(object, "Auto-Submitted", "auto-generated", nullptr);
  for (const auto& [name, value] : mail.headers)
    g_mime_object_set_header(object, name.c_str(), value.c_str(), "utf-8");

  // Plain text and the same as HTML (links clickable), always UTF-8 and quoted-printable:
  // readable in any mail program, safe over any relay.
  GObjectPtr<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
  for (const auto& [subtype, text] :
       {std::pair<const char*, std::string>{"plain", mail.text},
        std::pair<const char*, std::string>{"html", Html(mail.text)}}) {
    GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
    GMimeStream* stream = g_mime_stream_mem_new_with_buffer(text.data(), text.size());
    GMimeDataWrapper* content =
        g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(GMIME_PART(part), content);
    g_object_unref(content);
    g_object_unref(stream);
    g_mime_text_part_set_charset(part, "utf-8");
    g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(part));
    g_object_unref(part);
  }
  g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(alternative.get()));

  GMimeFormatOptions* options = g_mime_format_options_clone(nullptr);
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  char* text = g_mime_object_to_string(object, options);
  g_mime_format_options_free(options);
  std::string out(text);
  g_free(text);
  return out;
}

}  // namespace tierdesk::mail
