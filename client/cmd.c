/*
 * cmd: the table of sk's commands: which function runs "GROUP NAME" or
 * "NAME", with the synopsis and help of each, from which `sk help`,
 * `sk GROUP --help` and `sk GROUP COMMAND --help` are printed.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "names.h"

/* Valid values a command's help lists after its text. */
enum { L_ROLES = 1, L_STATES = 2, L_CROLES = 4 };

#define INITIATIVE_OPTIONS                                                               \
	"  --title TEXT, --summary TEXT, --field TEXT (field of application)\n"          \
	"  --category N          a content category (sk hello lists them)\n"             \
	"  --author AUTHOR       once per author, in order: \"NAME:PERCENT\", or\n"      \
	"                        \"name=..;share=60;born=DATE;workplace=..;title=..;\n"  \
	"                        qualification=..;login=..\" (login: a co-author who\n"  \
	"                        must confirm); one author without a share gets the\n"   \
	"                        rest of 100 %\n"                                        \
	"  --first-applied DATE  first (trial) application; --applied or\n"              \
	"                        --trial-applied says which\n"                           \
	"  --addressee TEXT      to whom the application goes (\"Kính gửi\"); the\n"  \
	"                        server's default is the unit's initiative council\n"    \
	"  --description, --confidential, --conditions, --benefits,\n"                   \
	"  --trial-benefits TEXT  the parts of the application (NĐ 13/2012)\n"          \
	"  --investor TEXT, --state-funded yes|no, --participant NAME (repeatable)\n"

#define REPORT_OPTIONS                                                                   \
	"  --unit CODE     one unit: yours, or one below it (default: every unit your\n" \
	"                  roles reach: your own; for a level's office, head, council\n" \
	"                  and commendation office the units below it too)\n"            \
	"  --round N       only what went up in round N of the receiving level (at a\n"  \
	"                  receiving level: its copies of that round)\n"                 \
	"  --from DATE, --to DATE   the period (default: all time)\n"

#define REPORT_FILES                                                                     \
	"  --csv FILE      the report as CSV (RFC 4180, UTF-8 with a BOM for Excel;\n"   \
	"                  dates ISO 8601; headings in Vietnamese, as documents)\n"      \
	"  --xlsx FILE     a workbook of every report (a sheet each, this one shown\n"   \
	"                  first), with charts of the recognitions by unit and by\n"     \
	"                  category\n"                                                   \
	"  --force         replace an existing FILE\n"                                   \
	"Under --json: the StatsResponse (every report's figures).\n"

#define DOCUMENT_HELP                                                                      \
	"  --out FILE       where to write the PDF (default: bien-nhan-ID.pdf,\n"          \
	"                   thong-bao-, bien-ban-, quyet-dinh-, chung-nhan-,\n"            \
	"                   to-trinh-, don-yeu-cau-ID.pdf); an existing FILE is kept\n"    \
	"                   unless --force\n"                                              \
	"  --text           print the document as text instead\n"                          \
	"  --log-key KEY    the log's verifier key (else log_key in the configuration)\n"  \
	"An A4 document laid out as Nghị định 30/2020/NĐ-CP has it. Its last line\n" \
	"(and the QR code beside it) says where the unit's decision log records\n"         \
	"the event: the log, the entries, the signed checkpoint's size and root,\n"        \
	"verified against the pinned key (without one, said to be unverified; one\n"       \
	"that fails exits with 5). The legal bases are the configuration's\n"              \
	"doc_basis lines, else Nghị định 13/2012, Thông tư 18/2013 and the plan.\n" \
	"Under --json: {\"path\":FILE,\"document\":KIND,\"id\":\"ID\",\"pages\":N,\n"      \
	"\"log\":LINE}.\n"
#define DOCUMENT(kind, what, about)                                                      \
	{                                                                                \
		"document", kind, cmd_document,                                          \
		    what " [--out FILE.pdf] [--force] [--text] [--log-key KEY]", about,  \
		    DOCUMENT_HELP, 0                                                     \
	}

static const struct command {
	const char *group; /* NULL for top-level commands */
	const char *name;
	cli_cmd *fn;
	const char *args;  /* the synopsis after the name */
	const char *about; /* one line */
	const char *help;  /* options and details, or NULL */
	int lists;
} commands[] = {
	{ NULL, "hello", cmd_hello, "", "who you are, on which server; the categories",
	    NULL, L_ROLES },
	{ NULL, "units", cmd_units, "[TEXT]", "the units (TEXT: without diacritics)",
	    NULL, 0 },
	{ "initiative", "create", cmd_initiative_create,
	    "--title T --category N --author AUTHOR... [OPTIONS] [--register]",
	    "write a new dossier (author)",
	    INITIATIVE_OPTIONS
	    "  --register            register a topic (early in the year), not a draft\n",
	    0 },
	{ "initiative", "get", cmd_initiative_get, "ID",
	    "the whole dossier: authors, dates, receipt, notice, warnings, outcome", NULL,
	    0 },
	{ "initiative", "list", cmd_initiative_list,
	    "[--state S] [--category N] [--query TEXT] [--mine] [--all]",
	    "the unit's initiatives, a page at a time",
	    "  --state S       only in this state\n"
	    "  --category N    only of this content category\n"
	    "  --query TEXT    each word must begin a word of the title or summary\n"
	    "                  (\"so hoa\" finds \"Số hóa\"; case, diacritics ignored)\n"
	    "  --mine          only those you are an author of\n"
	    "  --page-size N   at most N a page (the server caps it)\n"
	    "  --page-token T  the page after the one that said \"more: --page-token T\"\n"
	    "  --all           every page (under --json, one object per page)\n"
	    "(!) marks a warning for the clerk; (confirm?) a dossier that names you\n"
	    "as co-author and awaits your confirmation.\n",
	    L_STATES },
	{ "initiative", "update", cmd_initiative_update, "ID [OPTIONS]",
	    "change a draft (authors): only what is given changes", INITIATIVE_OPTIONS,
	    0 },
	{ "initiative", "start", cmd_transition, "ID [--version N]",
	    "a registered topic becomes a draft (author)",
	    "  --version N   act only if the dossier is still at version N\n", 0 },
	{ "initiative", "submit", cmd_transition, "ID [--version N]",
	    "submit the dossier to the unit (author)", NULL, 0 },
	{ "initiative", "withdraw", cmd_transition, "ID [--version N]",
	    "withdraw it before it is accepted (author)", NULL, 0 },
	{ "initiative", "accept", cmd_transition, "ID [--version N]",
	    "accept a submitted dossier, with a receipt (clerk)", NULL, 0 },
	{ "initiative", "return", cmd_transition, "ID --reason TEXT [--version N]",
	    "return it for correction, with a written notice (clerk)", NULL, 0 },
	{ "initiative", "refuse", cmd_transition, "ID --reason TEXT [--version N]",
	    "refuse it, with a written notice (clerk)", NULL, 0 },
	{ "initiative", "confirm", cmd_transition, "ID [--version N]",
	    "confirm being its co-author as stated (a co-author named by login)",
	    "On a terminal, shows your entry and asks; elsewhere give --version N\n"
	    "of the version you read.\n",
	    0 },
	{ "initiative", "distinct", cmd_distinct,
	    "ID --author N --reason TEXT [--version N]",
	    "author N, named without login, is not the staff member of that name "
	    "(clerk)",
	    "  --author N      the author's number, 1 for the first (sk initiative get)\n"
	    "  --reason TEXT   why: it goes into the history\n"
	    "A dossier naming staff of the unit without their login carries a link\n"
	    "warning; the clerk accepts it once each such author is linked (login=..)\n"
	    "or marked so.\n",
	    0 },
	{ "initiative", "history", cmd_history, "ID", "who did what, when and why", NULL,
	    0 },
	{ "initiative", "receipt", cmd_receipt, "ID",
	    "the receipt of an accepted dossier (text for a document)", NULL, 0 },
	{ "initiative", "notice", cmd_notice, "ID",
	    "the written notice of a return or refusal (text for a document)", NULL, 0 },
	{ NULL, "overdue", cmd_overdue, "", "dossiers past their deadline (clerk, head)",
	    NULL, 0 },
	{ "council", "set", cmd_council_set,
	    "--member LOGIN:ROLE... [--threshold 2/3] [--quorum 1/2] "
	    "[--base members|eligible]",
	    "set up the unit's council and its rule (head)",
	    "  --member LOGIN:ROLE   once per member\n"
	    "  --threshold A/B       yes votes needed: A/B of the base (default 2/3;\n"
	    "                        never under 2/3 of all members, the legal minimum)\n"
	    "  --quorum A/B          votes cast needed: A/B of the base (default 1/2)\n"
	    "  --base members        fractions count all members (the default), or\n"
	    "  --base eligible       the members who may vote (not the authors)\n"
	    "A session freezes the rule in force when it opens.\n",
	    L_CROLES },
	{ "council", "show", cmd_council_show, "", "the council and its rule", NULL, 0 },
	{ "session", "open", cmd_session_open, "--title T [--date DATE] [--secret] ID...",
	    "put accepted dossiers before the council (clerk, head)", NULL, 0 },
	{ "session", "show", cmd_session_show, "SESSION",
	    "the rule, tallies, needed votes, scores and ballots", NULL, 0 },
	{ "session", "close", cmd_session_close, "SESSION",
	    "close it: each dossier is recognised or not (head)", NULL, 0 },
	{ NULL, "vote", cmd_vote, "SESSION ID yes|no|abstain [--scores N,F,B]",
	    "cast your ballot (council)",
	    "  --scores N,F,B   novelty, feasibility, benefit, 0-10 each; averages\n"
	    "                   count only the ballots that give scores\n",
	    0 },
	{ "decision", "issue", cmd_decision_issue, "--number N [--date DATE] ID...",
	    "the recognition decision, with a certificate per author (head)", NULL, 0 },
	{ "decision", "show", cmd_decision_show, "DECISION",
	    "the decision (text for a document)", NULL, 0 },
	{ NULL, "certificates", cmd_certificates, "ID",
	    "the authors' certificates (text for a document)", NULL, 0 },
	DOCUMENT("receipt", "ID", "the receipt of an accepted dossier (giấy biên nhận)"),
	DOCUMENT("notice", "ID", "the written notice of a return or refusal (thông báo)"),
	DOCUMENT("minutes", "SESSION",
	    "the minutes of a closed council session (biên bản họp)"),
	DOCUMENT("decision", "DECISION", "the recognition decision (quyết định)"),
	DOCUMENT("certificate", "ID",
	    "the certificates of an initiative, a page per author (giấy chứng nhận)"),
	DOCUMENT("submission", "SUBMISSION",
	    "the submission to the level above (tờ trình)"),
	DOCUMENT("application", "ID",
	    "the application, Form I of Thông tư 18/2013 (đơn yêu cầu)"),
	{ NULL, "attach", cmd_attach, "ID FILE [--type MEDIA/TYPE] [--name NAME]",
	    "attach a file (authors); an interrupted upload resumes",
	    "Progress is shown on stderr when it is a terminal.\n", 0 },
	{ NULL, "attachments", cmd_attachments, "ID", "the files of a dossier", NULL, 0 },
	{ NULL, "download", cmd_download, "ID NAME|SHA256-PREFIX --out FILE [--force]",
	    "fetch a file, kept only if its SHA-256 matches",
	    "  --out FILE   where to write it; an existing FILE is kept unless --force\n"
	    "Under --json: {\"path\":FILE,\"attachment\":{...}}.\n",
	    0 },
	{ NULL, "export", cmd_export, "ID --out FILE [--with-files] [--force]",
	    "one recognised, decided initiative in a file that proves itself",
	    "The file holds the record as the unit's server stores it (its\n"
	    "confidential part and the authors' personal data too: only those who\n"
	    "may read them export it), the decision-log entries of its history, its\n"
	    "decision and certificates, its files' SHA-256, each with its inclusion\n"
	    "proof in the unit log's signed checkpoint, and the checkpoint the level\n"
	    "above witnessed with its cosignatures. sk verify checks it, no server\n"
	    "needed. Its first line says what it is; a protobuf message follows.\n"
	    "  --out FILE     where to write it; an existing FILE is kept unless --force\n"
	    "  --with-files   the files' bytes too (each checked by its SHA-256)\n"
	    "Under --json: {\"path\":FILE,\"initiative\":\"ID\",\"origin\":..,\"size\":\"N\",..}.\n",
	    0 },
	{ NULL, "verify", cmd_verify, "FILE [--log-key KEY] [--witness KEY]",
	    "check an export with no server: any changed byte fails it",
	    "  --log-key KEY   the unit log's verifier key (else log_key in the\n"
	    "                  configuration): the checkpoint must be signed by it\n"
	    "  --witness KEY   require the cosignature of this witness (the level\n"
	    "                  above's server; else witness_key in the configuration)\n"
	    "Every entry must be in the checkpoint's tree, the record the state the\n"
	    "last of them logged, the decision, certificates and files those their\n"
	    "entries logged, the files' bytes their SHA-256. A failure says what\n"
	    "failed and exits with status 5.\n"
	    "Under --json: {\"verified\":true,\"origin\":..,\"size\":\"N\",\"initiative\":..},\n"
	    "or {\"verified\":false,\"origin\":..,\"reason\":..} with exit status 5.\n",
	    0 },
	{ "round", "create", cmd_round_create, "--name TEXT [--opens DATE] --closes DATE",
	    "open a round in which units forward dossiers to your level (district)",
	    "  --name TEXT     e.g. \"Đợt 1 năm 2024\"\n"
	    "  --opens DATE    its first day (default today)\n"
	    "  --closes DATE   its last day: after it, forwards go to the next round\n"
	    "A unit's forward lands in the round open by the server's clock; when none\n"
	    "is open it is refused, naming the next round.\n",
	    0 },
	{ "round", "list", cmd_round_list, "[UNIT]",
	    "the rounds of your level, or (a unit head) of UNIT, the level above",
	    "STATUS (planned, open, over, closed) is by this computer's clock; the\n"
	    "server's decides which round a forward lands in.\n",
	    0 },
	{ "round", "close", cmd_round_close, "ROUND",
	    "close a round before its last day (district)", NULL, 0 },
	{ "forward", "nominate", cmd_forward_nominate,
	    "--number N [--date DATE] --reasons TEXT --sector CODE ID...",
	    "record a submission (tờ trình) of recognised, decided initiatives (head)",
	    "  --number N       the submission's number, e.g. 15/TTr-UBND\n"
	    "  --date DATE      the day it was signed (default today)\n"
	    "  --reasons TEXT   why their effect reaches beyond the unit\n"
	    "  --sector CODE    decides the receiving office (the deployment's sectors,\n"
	    "                   e.g. giao-duc goes to Phòng GD&ĐT, kinh-te to Phòng\n"
	    "                   Kinh tế)\n"
	    "Each initiative's authors are then asked to complete it (forward complete);\n"
	    "one sent back by the level above is nominated again in a new submission.\n",
	    0 },
	{ "forward", "complete", cmd_forward_complete, "ID --scope TEXT",
	    "describe its effect and scope at the level above (author)",
	    "Supporting files for the level above are attached as usual (sk attach)\n"
	    "until the submission is sent.\n",
	    0 },
	{ "forward", "send", cmd_forward_send, "SUBMISSION",
	    "send it: the level above gets an immutable copy of each (head)",
	    "Each initiative must be completed by its authors first. The copies go into\n"
	    "the round open by the server's clock, to the office of the sector.\n",
	    0 },
	{ "submission", "list", cmd_submission_list, "",
	    "the unit's submissions to the level above", NULL, 0 },
	{ "submission", "show", cmd_submission_show, "SUBMISSION",
	    "a submission and how far each of its initiatives went", NULL, 0 },
	{ NULL, "inbox", cmd_inbox,
	    "[--round N] [--state S] [--unit CODE] [--category N] [--sector CODE] "
	    "[--all]",
	    "the copies forwarded to your office, a page at a time (district)",
	    "  --round N       only those of round N (sk round list)\n"
	    "  --state S       only in this state (received, sent-back, accepted, …)\n"
	    "  --unit CODE     only those from this unit\n"
	    "  --category N    only of this content category\n"
	    "  --sector CODE   only of this sector\n"
	    "  --page-size N, --page-token T, --all   as for initiative list\n"
	    "An office user (user create --office) sees their office's copies only.\n",
	    L_STATES },
	{ "initiative", "register", cmd_transition, "ID [--version N]",
	    "take a received copy in for the council of your level (district)", NULL, 0 },
	{ "initiative", "send-back", cmd_transition, "ID --reason TEXT [--version N]",
	    "return a received copy to its unit, with reasons (district)",
	    "The unit sees the reasons and may send it again while a round is open.\n",
	    0 },
	{ "copy", "show", cmd_copy_show, "COPY [--verify] [--log-key KEY]",
	    "a forwarded copy: origin, decision, certificates, files, proofs",
	    "  --verify        check the copy's proofs: the origin unit's checkpoint\n"
	    "                  signed by the pinned key, the entries that recognised\n"
	    "                  and decided it in that checkpoint's tree\n"
	    "  --log-key KEY   the log's verifier key (else log_key in the configuration)\n"
	    "Under --json with --verify: {\"verified\":true,\"origin\":..,\"size\":\"N\",\n"
	    "\"copy\":{..}}, or \"verified\":false with a \"reason\" and exit status 5.\n",
	    0 },
	{ "upper", "propose", cmd_upper_propose, "ID --number N [--date DATE]",
	    "record by hand the proposal to the level above this system (district)",
	    "For the top level on this system (the district in 2024): its proposal to\n"
	    "the city (tờ trình), recorded once per initiative.\n",
	    0 },
	{ "upper", "outcome", cmd_upper_outcome,
	    "ID --recognised|--not-recognised --number N [--date DATE] [--note TEXT]",
	    "record the outcome there, with its document (district)",
	    "  --note TEXT   the title given, or the reasons\n", 0 },
	{ "commendation", "list", cmd_commendation_list, "",
	    "recognised and decided at your level, with their authors (commendation)",
	    NULL, 0 },
	{ "commendation", "award", cmd_commendation_award,
	    "ID --name TEXT --number N [--date DATE]",
	    "record the one award or title an initiative backs (commendation)",
	    "  --name TEXT   the award or emulation title, e.g. \"Chiến sĩ thi đua cơ sở\"\n"
	    "  --number N    its decision's number; --date DATE its day (default today)\n"
	    "A second award for the same initiative is refused.\n",
	    0 },
	{ NULL, "publish", cmd_publish, "ID [--undo]",
	    "mark a recognised initiative as typical, to be published (district, head)",
	    "  --undo   take it off the list\n", 0 },
	{ NULL, "published", cmd_published, "[UNIT] [--html FILE] [--feed FILE]",
	    "the published initiatives of your unit or UNIT, never confidential parts",
	    "  --html FILE   a static page of them for the district's portal (UTF-8,\n"
	    "                no script): title, summary, content category, field,\n"
	    "                description, conditions, benefits, first application,\n"
	    "                and each author's name and workplace, nothing else\n"
	    "  --feed FILE   the same as a JSON feed (JSON Feed 1.1, dates ISO 8601)\n"
	    "Never the confidential part, nor an author's birth date, job title,\n"
	    "qualification or login. Under --json with either: {\"unit\":..,\n"
	    "\"initiatives\":N,\"html\":FILE,\"feed\":FILE}.\n",
	    0 },
	{ "district", "summary", cmd_district_summary, "[--round N] [--all]",
	    "the units below yours, counted by state; a round's progress",
	    "  --round N   the progress of round N (default: the one open today)\n"
	    "  --all       every unit, also those with nothing yet\n"
	    "Counts only: never a dossier's content.\n",
	    0 },
	{ "report", "summary", cmd_report_summary,
	    "[OPTIONS] [--by unit|category|sector|round]",
	    "registrations, applications, recognitions and days to a decision",
	    REPORT_OPTIONS
	    "  --by G          one row per unit (the default), content category, sector\n"
	    "                  or round\n"
	    "  --all           also the rows with nothing in them\n"
	    "TOPICS registered, dossiers FILED (a copy: received), RECEIPTS issued,\n"
	    "RECOGNISED (by a decision signed in the period), NOT REC. (by a session),\n"
	    "REFUSED, SENT UP to the level above and recognised there (REC. ABOVE):\n"
	    "what happened in the period. PENDING (accepted or in review) and OVERDUE:\n"
	    "today. DECIDED: the decisions in the period after a receipt, with the\n"
	    "MEDIAN and MAX DAYS from the receipt to the decision.\n" REPORT_FILES,
	    0 },
	{ "report", "states", cmd_report_states,
	    "[OPTIONS] [--by unit|category|sector|round]",
	    "the initiatives begun in the period, by their state today",
	    REPORT_OPTIONS
	    "  --by G, --all   as for report summary\n"
	    "A copy at a receiving level counts from the day it was received.\n" REPORT_FILES,
	    L_STATES },
	{ "report", "overdue", cmd_report_overdue, "[OPTIONS]",
	    "the dossiers past a deadline today, the latest first",
	    REPORT_OPTIONS
	    "Whatever the period: a council's review past the receipt's due day, a\n"
	    "correction not back within correction_days.\n" REPORT_FILES,
	    0 },
	{ "report", "authors", cmd_report_authors, "[OPTIONS]",
	    "each author's initiatives recognised in the period, for commendation",
	    REPORT_OPTIONS
	    "One line per recognition (each level's counts: a unit's and the district's\n"
	    "are two), with the author's number of them and the sum of their shares.\n"
	    "Authors are told apart by name and workplace, case and diacritics aside.\n" REPORT_FILES,
	    0 },
	{ "audit", "verify", cmd_audit,
	    "[UNIT] [--entry N] [--state DIR] [--log-key KEY] [--witness KEY]",
	    "check a unit's decision log against the pinned key (auditor)",
	    "  --entry N       one entry, by its inclusion proof\n"
	    "  --state DIR     the checkpoints trusted before (~/.local/state/sk-audit)\n"
	    "  --log-key KEY   the log's verifier key (else log_key in the configuration)\n"
	    "  --witness KEY   require the cosignature of this witness (the level\n"
	    "                  above's server; else witness_key in the configuration)\n"
	    "Under --json: {\"verified\":true,\"origin\":..,\"size\":\"N\"[,\"entry\":{..}]}, or\n"
	    "{\"verified\":false,\"origin\":..,\"reason\":..} with exit status 5.\n",
	    0 },
	{ "audit", "history", cmd_audit,
	    "[UNIT] [--initiative ID] [--state DIR] [--log-key KEY]",
	    "the verified log: every entry, or one initiative's (auditor)",
	    "Under --json: the verdict with \"entries\":[...] (sk.v1.LogEntry).\n", 0 },
	{ "user", "create", cmd_user_create,
	    "LOGIN --name NAME --unit CODE --roles R1,R2 [--days N] [--out DIR] "
	    "[--office CODE]",
	    "enrol a person: writes LOGIN.key, .crt, .conf and ca.crt (admin)",
	    "  --days N        how long the certificate is valid (server default:\n"
	    "                  cert_days)\n"
	    "  --out DIR       where to write the files (default .); an existing\n"
	    "                  LOGIN.key is never overwritten\n"
	    "  --office CODE   a receiving level's office user (role district): the\n"
	    "                  office whose inbox they work, e.g. phong-gd-dt\n",
	    L_ROLES },
	{ "user", "disable", cmd_user_disable, "LOGIN",
	    "refuse the user from now on; open connections close (admin)", NULL, 0 },
	{ "user", "enable", cmd_user_enable, "LOGIN",
	    "let a disabled user in again (admin)", NULL, 0 },
	{ "user", "roles", cmd_user_roles, "LOGIN R1,R2",
	    "replace the user's roles; their connections close (admin)", NULL, L_ROLES },
	{ "user", "renew", cmd_user_renew, "LOGIN [--days N] [--out DIR] [--force]",
	    "a new key and certificate; the old one stops working at once (admin)",
	    "Writes the files as user create does.\n"
	    "  --force   replace an existing LOGIN.key in DIR (else refused, before\n"
	    "            anything is renewed)\n",
	    0 },
	{ "user", "show", cmd_user_show, "LOGIN",
	    "a user: unit, roles, status, certificate", NULL, 0 },
	{ "user", "list", cmd_user_list, "[--unit CODE] [--expiring DAYS]",
	    "the users (admin)",
	    "  --expiring DAYS   only enabled users whose certificate ends within DAYS\n"
	    "                    days, or has ended\n",
	    0 },
	{ "peer", "card", cmd_peer_card, "[--out FILE]",
	    "this server's link card, for the server to link with (admin)",
	    "The card names this server's log, top unit, address, CA, link\n"
	    "certificate and log key; nothing in it is secret.\n"
	    "  --out FILE   write it to FILE (default: standard output)\n",
	    0 },
	{ "peer", "add", cmd_peer_add, "FILE --upstream [--unit CODE] | --downstream",
	    "link the server whose card FILE is (admin)",
	    "  --upstream     it is the level above (the district's server, for a\n"
	    "                 commune's): it takes what the unit forwards and its\n"
	    "                 proofs, and witnesses its log\n"
	    "  --unit CODE    with --upstream: the unit it is above (default: yours)\n"
	    "  --downstream   it is the server of the unit below that the card\n"
	    "                 names: its forwards are pulled, its results sent\n"
	    "The link is a user named peer.NAME; sk user disable cuts it at once.\n",
	    0 },
	{ "peer", "list", cmd_peer_list, "", "the linked servers (admin)", NULL, 0 },
	{ "peer", "status", cmd_peer_status, "",
	    "how each link stands: what was taken, when it last worked, its error", NULL,
	    0 },
	{ "peer", "sync", cmd_peer_sync, "",
	    "pull from every linked server now and wait for it (admin)",
	    "skd pulls by itself every pull_every seconds (60); a link that fails\n"
	    "is tried again later, waiting longer each time. Exit status 4 when a\n"
	    "link's last pull failed (its error is shown).\n",
	    0 },
	{ "admin", "stats", cmd_admin_stats, "",
	    "the server's figures: connections, calls, latency, batches, storage (admin)",
	    "Latency is from a request read to its answer sent; percentiles are the\n"
	    "upper bounds of power-of-two buckets. Commits: a batch of writes applied\n"
	    "and on disk. The storage is that of the units you administer.\n",
	    0 },
	{ NULL, "renew", cmd_renew, "[--days N] [--out DIR] [--force]",
	    "renew your own certificate before it expires",
	    "Writes LOGIN.key, LOGIN.crt, LOGIN.conf and ca.crt into DIR as user create\n"
	    "does; the old certificate stops working at once.\n"
	    "  --out DIR   where (default: the folder of the key in use)\n"
	    "  --force     replace an existing LOGIN.key there; without it sk refuses\n"
	    "              before anything is renewed\n",
	    0 },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct {
	const char *name, *about;
} groups[] = {
	{ "initiative", "dossiers: write, submit, accept, answer, read" },
	{ "council", "the unit's initiative council" },
	{ "session", "council sessions" },
	{ "decision", "recognition decisions" },
	{ "document", "official documents as PDF: receipt, notice, minutes, …" },
	{ "round", "the receiving level's rounds" },
	{ "forward", "a unit's submissions to the level above" },
	{ "submission", "the unit's submissions (tờ trình)" },
	{ "copy", "the copies forwarded to your level" },
	{ "upper", "the level above this system, recorded by hand" },
	{ "commendation", "awards and titles backed by recognised initiatives" },
	{ "district", "the district's view of the units below it" },
	{ "report", "the periodic and ad-hoc reports: figures, overdue, authors" },
	{ "audit", "the decision logs, verified (auditors)" },
	{ "user", "people and their certificates" },
	{ "peer", "links to the servers of the levels above and below" },
	{ "admin", "the server's own figures" },
};
#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

static bool
is_group(const char *s)
{
	for (size_t i = 0; i < NGROUPS; i++)
		if (strcmp(s, groups[i].name) == 0)
			return true;
	return false;
}

static bool
is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

static const struct command *
find(const char *group, const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const struct command *cmd = &commands[i];

		if ((group == NULL) != (cmd->group == NULL) ||
		    (group != NULL && strcmp(group, cmd->group) != 0))
			continue;
		if (strcmp(name, cmd->name) == 0)
			return cmd;
	}
	return NULL;
}

/* "  sk initiative get ID" and its line about it. */
static void
synopsis(FILE *fp, const struct command *cmd)
{
	int n = fprintf(fp, "  sk %s%s%s%s%s", cmd->group ? cmd->group : "",
	    cmd->group ? " " : "", cmd->name, cmd->args[0] ? " " : "", cmd->args);

	if (n < 38 && 40 + strlen(cmd->about) <= 80)
		fprintf(fp, "%*s%s\n", 40 - n, "", cmd->about);
	else
		fprintf(fp, "\n%6s%s\n", "", cmd->about);
}

static void
lists(FILE *fp, int which)
{
	if (which & L_ROLES) {
		fprintf(fp, "Roles: ");
		for (const char *p = roles_all(); *p != '\0'; p++)
			fputs(*p == ',' ? ", " : (char[]){ *p, '\0' }, fp);
		fprintf(fp, ".\n");
	}
	if (which & L_STATES)
		fprintf(fp, "States: %s.\n", cli_states());
	if (which & L_CROLES)
		fprintf(fp, "Council roles: %s.\n", cli_council_roles());
}

static void
command_help(FILE *fp, const struct command *cmd)
{
	fprintf(fp, "usage: sk %s%s%s %s\n\n%s.\n", cmd->group ? cmd->group : "",
	    cmd->group ? " " : "", cmd->name, cmd->args, cmd->about);
	if (cmd->help != NULL)
		fprintf(fp, "\n%s", cmd->help);
	if (cmd->lists != 0)
		fputc('\n', fp);
	lists(fp, cmd->lists);
	fprintf(fp,
	    "\nDATE is dd/mm/yyyy or YYYY-MM-DD. Global options (-c FILE, "
	    "--server, --ca, --cert,\n--key, --json) may come anywhere: "
	    "see sk --help.\n");
}

static void
group_help(FILE *fp, const char *group)
{
	fprintf(fp, "usage: sk %s COMMAND [ARGS]   (sk %s COMMAND --help for more)\n\n",
	    group, group);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (commands[i].group != NULL && strcmp(commands[i].group, group) == 0)
			synopsis(fp, &commands[i]);
}

/* "create, get, list, …" of group (NULL: the top level, groups too). */
static const char *
names_of(const char *group)
{
	static char buf[512];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NCOMMANDS && n < sizeof(buf); i++) {
		const struct command *cmd = &commands[i];

		if ((group == NULL) != (cmd->group == NULL) ||
		    (group != NULL && strcmp(group, cmd->group) != 0))
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? ", " : "",
		    cmd->name);
	}
	for (size_t i = 0; group == NULL && i < NGROUPS && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ", %s", groups[i].name);
	return buf;
}

void
cmd_usage(FILE *fp)
{
	fprintf(fp, "usage: sk [GLOBAL OPTIONS] COMMAND [ARGS]\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		synopsis(fp, &commands[i]);
	fprintf(fp,
	    "  sk help [GROUP [COMMAND]]             this help, a group's or a "
	    "command's\n"
	    "\n"
	    "Global options, anywhere on the line:\n"
	    "  -c, --config FILE   the configuration; else $SK_CONFIG, else\n"
	    "                      ~/.config/sk/sk.conf (lines \"server = host:port\",\n"
	    "                      \"ca = FILE\", \"cert = FILE\", \"key = FILE\", "
	    "\"log_key = KEY\")\n"
	    "  --server HOST:PORT, --ca FILE, --cert FILE, --key FILE   instead of it\n"
	    "  --json              the result as JSON: the protocol's message in proto3's\n"
	    "                      JSON mapping (field names as in sk.proto, enums by\n"
	    "                      name, 64-bit integers as strings, times ISO 8601 UTC)\n"
	    "  -h, --help          help: sk GROUP --help, sk GROUP COMMAND --help\n"
	    "\n"
	    "DATE is dd/mm/yyyy or YYYY-MM-DD.\n");
	lists(fp, L_ROLES | L_STATES | L_CROLES);
	fprintf(fp,
	    "Exit status: 0 done; 1 a local problem (files, configuration); 2 a usage\n"
	    "error; 3 cannot reach the server (network, TLS: a certificate unknown,\n"
	    "expired, not valid yet or refused); 4 refused by the server (\"CODE: why\");\n"
	    "5 a decision log or an export failed verification.\n");
}

/* Run cmd on its arguments (argv[0] is its name), or show its help. */
static int
run(struct cli *c, const struct command *cmd, int argc, char **argv)
{
	cli_running(cmd->group, cmd->name);
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (is_help(argv[i])) {
			command_help(stdout, cmd);
			return 0;
		}
	return cmd->fn(c, argc, argv);
}

/* sk help [GROUP [COMMAND]] */
static int
help(int argc, char **argv)
{
	const struct command *cmd;

	if (argc == 0) {
		cmd_usage(stdout);
		return 0;
	}
	if (is_group(argv[0]) && argc == 1) {
		group_help(stdout, argv[0]);
		return 0;
	}
	if (argc <= 2 &&
	    (cmd = is_group(argv[0]) ? find(argv[0], argv[1]) : find(NULL, argv[0])) !=
	        NULL &&
	    (argc == 1 || cmd->group != NULL)) {
		command_help(stdout, cmd);
		return 0;
	}
	return cli_usage("help: no command \"%s%s%s\"; commands: %s", argv[0],
	    argc > 1 ? " " : "", argc > 1 ? argv[1] : "", names_of(NULL));
}

int
cmd_run(struct cli *c, int argc, char **argv)
{
	const struct command *cmd;
	const char *group = argv[0];
	int i = 1, n;

	if (strcmp(argv[0], "help") == 0)
		return help(argc - 1, argv + 1);
	if (!is_group(group)) {
		if ((cmd = find(NULL, group)) == NULL)
			return cli_usage("unknown command \"%s\"; commands: %s", group,
			    names_of(NULL));
		return run(c, cmd, argc, argv);
	}
	cli_running(NULL, group); /* usage hints point at the group's help */
	/* Global options may come between the group and the command. */
	while (i < argc && (n = cli_global(c, argc, argv, i)) != 0) {
		if (n < 0)
			return SK_EXIT_USAGE;
		i += n;
	}
	if (i < argc && (is_help(argv[i]) || strcmp(argv[i], "help") == 0)) {
		group_help(stdout, group);
		return 0;
	}
	if (i == argc) {
		group_help(stderr, group);
		return cli_usage("%s needs a command: %s", group, names_of(group));
	}
	if ((cmd = find(group, argv[i])) == NULL)
		return cli_usage("unknown command \"%s %s\"; the commands of %s: %s",
		    group, argv[i], group, names_of(group));
	return run(c, cmd, argc - i, argv + i);
}
