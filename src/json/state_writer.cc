#include "json/state_writer.h"

#include <charconv>
#include <map>
#include <optional>

#include "common/time.h"
#include "common/utf8.h"
#include "core/priority.h"

namespace tierdesk::json {

using namespace tierdesk::core;

namespace {

// Appends JSON text as nlohmann's dump(-1, ' ', false, replace) writes it: no spaces, UTF-8
// kept, control characters escaped, invalid UTF-8 replaced by U+FFFD.
class Writer {
 public:
  explicit Writer(size_t reserve) { out_.reserve(reserve); }
  std::string Take() { return std::move(out_); }

  void Open() { Punctuate('{'); }
  void Close() {
    out_ += '}';
    first_ = false;
  }
  void OpenArray() { Punctuate('['); }
  void CloseArray() {
    out_ += ']';
    first_ = false;
  }
  // "key": — what follows is its value.
  void Key(std::string_view key) {
    if (!first_) out_ += ',';
    String(key);
    out_ += ':';
    first_ = true;  // the value takes no comma
  }
  void Value(std::string_view s) {
    Separate();
    String(s);
  }
  void Value(const char* s) { Value(std::string_view(s)); }
  void Value(int64_t n) {
    Separate();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    out_.append(buf, end);
  }
  void Value(int n) { Value(int64_t{n}); }
  void Value(bool b) {
    Separate();
    out_ += b ? "true" : "false";
  }
  void Null() {
    Separate();
    out_ += "null";
  }
  template <typename T>
  void Field(std::string_view key, const T& value) {
    Key(key);
    Value(value);
  }
  void StringMap(std::string_view key, const std::map<std::string, std::string>& map) {
    Key(key);
    Open();
    for (const auto& [k, v] : map) Field(k, v);
    Close();
  }

 private:
  void Punctuate(char c) {
    Separate();
    out_ += c;
    first_ = true;
  }
  void Separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void String(std::string_view s) {
    out_ += '"';
    if (IsValidUtf8(s)) {
      Escape(s);
    } else {
      Escape(ValidUtf8(s));  // as nlohmann's replace handler: U+FFFD for each bad sequence
    }
    out_ += '"';
  }
  void Escape(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    size_t plain = 0;  // start of the run not yet copied
    for (size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + plain, i - plain);
      plain = i + 1;
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 0xf];
      }
    }
    out_.append(s.data() + plain, s.size() - plain);
  }

  std::string out_;
  bool first_ = true;  // no comma before the next element
};

int64_t Secs(Timestamp t) { return t.time_since_epoch().count(); }

void WriteRegistration(Writer& w, const Registration& r) {
  w.Open();
  w.Field("title", r.title);
  w.Field("caller_name", r.caller_name);
  w.Field("caller_email", r.caller_email);
  w.Field("caller_phone", r.caller_phone);
  w.Field("requester_name", r.requester_name);
  w.Field("requester_email", r.requester_email);
  w.Key("notify");
  w.OpenArray();
  for (const std::string& address : r.notify) w.Value(address);
  w.CloseArray();
  w.Field("institute", r.institute);
  w.Field("building", r.building);
  w.Field("room", r.room);
  w.Field("affected", r.affected);
  w.StringMap("assets", r.assets);
  w.Field("description", r.description);
  w.Field("actions_attempted", r.actions_attempted);
  w.Field("error_messages", r.error_messages);
  w.Field("channel", ChannelName(r.channel));
  w.Field("client_id", r.client_id);
  w.Field("organisation", r.organisation);
  w.Key("occurred_at");
  if (r.occurred_at)
    w.Value(FormatTimestamp(*r.occurred_at));
  else
    w.Null();
  w.Key("first_time");
  if (r.first_time)
    w.Value(*r.first_time);
  else
    w.Null();
  w.Close();
}

void WriteClock(Writer& w, const SlaClock& c) {
  w.Open();
  w.Field("name", c.name);
  w.Field("calendar", c.calendar);
  w.Field("budget", int64_t(c.budget.count()));
  w.Field("used", int64_t(c.used.count()));
  w.Field("running_since", Secs(c.running_since));
  w.Field("due", Secs(c.due));
  w.Field("paused", c.paused);
  w.Field("pausable", c.pausable);
  w.Close();
}

}  // namespace

std::string EncodeTicketState(const Ticket& t) {
  Writer w(1024 + t.registration.description.size() + t.attachments.size() * 160);
  w.Open();
  w.Field("id", int64_t(t.id));
  w.Field("ref", TicketRef(t.id));
  w.Field("version", t.version);
  w.Key("registration");
  WriteRegistration(w, t.registration);
  w.Field("category", CategoryName(t.category));
  w.Field("priority", PriorityName(t.priority));
  w.Field("received_at", Secs(t.received_at));
  w.Field("updated_at", Secs(t.updated_at));
  w.Field("stage", StageName(t.stage));
  w.Field("tier", t.tier);
  w.Field("gate_tier", t.gate_tier);
  w.Field("assignee", t.assignee);
  w.Field("hierarchy_level", t.hierarchy_level);
  w.Key("clocks");
  w.OpenArray();
  for (const SlaClock& c : t.clocks) WriteClock(w, c);
  w.CloseArray();
  w.Field("workaround", t.workaround);
  w.Field("resolved_tier", t.resolved_tier);
  w.Field("resolved_by", t.resolved_by);
  w.StringMap("resolution", t.resolution);
  w.Field("signoff_reminders", t.signoff_reminders);
  w.Field("reopen_count", t.reopen_count);
  w.Field("link_cycle", t.link_cycle);
  w.Key("last_status");
  if (t.last_status)
    w.Value(ResponseStatusName(*t.last_status));
  else
    w.Null();
  w.Key("attachments");
  w.OpenArray();
  for (const Attachment& a : t.attachments) {
    w.Open();
    w.Field("name", a.name);
    w.Field("content_type", a.content_type);
    w.Field("size", a.size);
    w.Field("sha256", a.sha256);
    w.Field("note", a.note);
    w.Field("internal", a.internal);
    w.Close();
  }
  w.CloseArray();
  w.Key("page");
  if (t.page) {
    w.Open();
    w.Field("asset", t.page->asset);
    w.Field("on_call", t.page->on_call);
    w.Field("step", t.page->step);
    w.Field("pass", t.page->pass);
    w.Field("person", t.page->person);
    w.Close();
  } else {
    w.Null();
  }
  w.Close();
  return w.Take();
}

std::string EncodeFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  // FieldsToJson keeps the first of repeated keys' places and the last value (operator[]).
  Writer w(64 * (fields.size() + 1));
  w.Open();
  for (size_t i = 0; i < fields.size(); ++i) {
    bool seen_earlier = false;
    for (size_t k = 0; k < i && !seen_earlier; ++k)
      seen_earlier = fields[k].first == fields[i].first;
    if (seen_earlier) continue;
    const std::string* value = &fields[i].second;
    for (size_t k = i + 1; k < fields.size(); ++k)
      if (fields[k].first == fields[i].first) value = &fields[k].second;
    w.Field(fields[i].first, *value);
  }
  w.Close();
  return w.Take();
}

}  // namespace tierdesk::json
