#!/usr/bin/env bash
# End-to-end check of `rcptlint policy` with a real Postfix, in a
# configuration directory of its own (postfix -c) under a temporary folder,
# on free loopback ports; /etc/postfix is only read (the default master.cf
# is not even used). Postfix relays to smtp-sink. It checks that:
#   - a clean message is accepted and reaches the sink;
#   - a message to j.smith@army.ml, a .ml slip of the trusted .mil, is held
#     with rcptlint's text, and the decision is in rcptlint's log;
#   - after a SIGHUP with a configuration that says reject, the same SMTP
#     session, through the same policy connection, gets a 550 5.1.1 with
#     rcptlint's text, and Postfix saw no broken connection.
# Postfix, smtp-sink, the policy server and the temporary folder are
# cleaned up on exit, failed or not.
#
# With "load [N]" it then times N messages (1,000 by default) of 5
# recipients each, from 10 sessions with smtp-source, with and without the
# policy check, and prints both rates.
#
# Skips (exit 0, saying why) without root or without Postfix
# (echo "postfix postfix/main_mailer_type select No configuration" |
# debconf-set-selections; apt-get install postfix).
set -euo pipefail

say() { echo "postfix-e2e: $*"; }
fail() {
	echo "postfix-e2e: FAIL: $*" >&2
	for f in maillog policy.log; do
		[ -f "$work/$f" ] && { echo "--- $f" >&2; tail -n 30 "$work/$f" >&2; }
	done
	exit 1
}

if [ "$(id -u)" != 0 ]; then
	say "not root, and Postfix starts only as root; skipping"
	exit 0
fi
for cmd in postfix postconf smtp-sink; do
	if ! command -v "$cmd" >/dev/null 2>&1; then
		say "$cmd is not installed; skipping (apt-get install postfix)"
		exit 0
	fi
done
if ! id postfix >/dev/null 2>&1; then
	say "there is no postfix user; skipping"
	exit 0
fi

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d /tmp/rcptlint-postfix-e2e.XXXXXX)
chmod 755 "$work"
conf="$work/etc"
sink_pid= policy_pid= postfix_up= smtp_open=
cleanup() {
	set +e
	[ -n "$smtp_open" ] && exec 3>&-
	local master=
	[ -f "$work/spool/pid/master.pid" ] && master=$(tr -dc 0-9 <"$work/spool/pid/master.pid")
	[ -n "$postfix_up" ] && postfix -c "$conf" stop >/dev/null 2>&1
	[ -n "$policy_pid" ] && kill "$policy_pid" 2>/dev/null && wait "$policy_pid" 2>/dev/null
	[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
	# postfix stop returns before the master process and its daemons end.
	for _ in $(seq 100); do
		[ -n "$master" ] && kill -0 "$master" 2>/dev/null || break
		sleep 0.1
	done
	rm -rf "$work"
}
trap cleanup EXIT

# free_port prints a loopback TCP port nothing listens on.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 9<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
}
smtp_port=$(free_port)
sink_port=$(free_port)
policy_port=$(free_port)

say "building rcptlint"
(cd "$repo" && go build -o "$work/rcptlint" ./cmd/rcptlint)

cat >"$work/rcptlint.yaml" <<YAML
trusted: [mil]
policy:
  error: hold
  warning: warn
YAML
"$work/rcptlint" policy --config "$work/rcptlint.yaml" --listen "127.0.0.1:$policy_port" >"$work/policy.log" 2>&1 &
policy_pid=$!

mkdir -m 777 "$work/sink"
smtp-sink -u nobody -d "$work/sink/%M." "127.0.0.1:$sink_port" 10 >"$work/sink.log" 2>&1 &
sink_pid=$!

mkdir -p "$conf" "$work/data" "$work/spool"
chown postfix "$work/data"
cat >"$conf/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $work/spool
data_directory = $work/data
mail_owner = postfix
myhostname = rcptlint-e2e.localdomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
relayhost = [127.0.0.1]:$sink_port
maillog_file = $work/maillog
maillog_file_prefixes = $work
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_recipient_restrictions =
    check_policy_service { inet:127.0.0.1:$policy_port, default_action=DUNNO },
    permit_mynetworks, reject
CF
cat >"$conf/master.cf" <<CF
127.0.0.1:$smtp_port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF

# wait_for FILE REGEX: wait up to 20 seconds for a line of FILE to match.
wait_for() {
	for _ in $(seq 200); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
wait_for "$work/policy.log" "msg=listening" || fail "rcptlint policy did not start"

say "starting Postfix (config $conf, SMTP port $smtp_port, sink $sink_port, policy $policy_port)"
postfix -c "$conf" check >/dev/null 2>&1 || true # creates the queue folders
if ! postfix -c "$conf" start >"$work/start.log" 2>&1; then fail "postfix start: $(cat "$work/start.log" "$work/maillog" 2>/dev/null)"; fi
postfix_up=1
for _ in $(seq 100); do
	(exec 9<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && break
	sleep 0.1
done

# One SMTP session for the whole test: Postfix's smtpd keeps its policy
# connection for the session, so the reload is seen through it.
exec 3<>"/dev/tcp/127.0.0.1/$smtp_port"
smtp_open=1
reply() { # read one reply line
	local line
	IFS= read -r -t 30 line <&3 || fail "no SMTP reply"
	printf '%s\n' "${line%$'\r'}"
}
send() { printf '%s\r\n' "$1" >&3; }
cmd() { send "$1"; reply; }
message() { # RCPT, DATA of one message; prints the RCPT reply
	cmd "MAIL FROM:<me@example.com>" >/dev/null
	local r
	r=$(cmd "RCPT TO:<$1>")
	echo "$r"
	case $r in
	2*)
		[ "$(cmd DATA | cut -c1-3)" = 354 ] || fail "DATA refused"
		send "Subject: $2"
		send ""
		send "rcptlint end-to-end test"
		[ "$(cmd . | cut -c1-3)" = 250 ] || fail "message to $1 not queued"
		;;
	*) cmd RSET >/dev/null ;;
	esac
}
reply >/dev/null
cmd "HELO client.example" >/dev/null

r=$(message someone@example.com clean)
[ "${r:0:3}" = 250 ] || fail "clean recipient refused: $r"
for _ in $(seq 300); do
	grep -qs "Subject: clean" "$work"/sink/* && break
	sleep 0.1
done
grep -qs "Subject: clean" "$work"/sink/* || fail "the clean message did not reach the sink"
say "a clean message is accepted and reaches the sink"

r=$(message j.smith@army.ml slip)
[ "${r:0:3}" = 250 ] || fail "held recipient got $r, want 250 (then held)"
wait_for "$work/maillog" "hold: RCPT from .*<j.smith@army.ml>: .*rcptlint tld-typo error: '.ml' is the country domain of Mali" ||
	fail "Postfix did not hold the message with rcptlint's text"
wait_for "$work/policy.log" "msg=decision .*recipient=j.smith@army.ml action=hold rule=tld-typo" ||
	fail "the decision is not in rcptlint's log"
[ -n "$(find "$work/spool/hold" -type f 2>/dev/null)" ] || fail "nothing in the hold queue"
say "the message to j.smith@army.ml is held:"
grep "hold: RCPT" "$work/maillog" | sed 's/^/    /'

conns_before=$(ss -Htn state established "( dport = :$policy_port )" 2>/dev/null | awk '{print $3, $4}' | sort)
cat >"$work/rcptlint.yaml" <<YAML
trusted: [mil]
policy:
  error: reject
YAML
kill -HUP "$policy_pid"
wait_for "$work/policy.log" "configuration reloaded" || fail "no reload after SIGHUP"

r=$(message j.smith@army.ml again)
case $r in
"550 5.1.1 <j.smith@army.ml>: Recipient address rejected: rcptlint tld-typo error: "*"did you mean j.smith@army.mil?") ;;
*) fail "after the reload, army.ml got: $r" ;;
esac
say "after SIGHUP, the same session gets: $r"
conns_after=$(ss -Htn state established "( dport = :$policy_port )" 2>/dev/null | awk '{print $3, $4}' | sort)
if grep -q "problem talking to server" "$work/maillog"; then
	fail "Postfix lost its policy connection: $(grep 'problem talking' "$work/maillog")"
fi
if [ "$conns_before" != "$conns_after" ]; then
	fail "the policy connections changed across the reload: [$conns_before] to [$conns_after]"
fi
say "Postfix's policy connection survived the reload (${conns_after:-no ss})"
cmd QUIT >/dev/null
exec 3>&-
smtp_open=
say "ok"

# timed_source prints how many recipients per second smtp-source got
# Postfix to accept.
timed_source() {
	local t0 t1
	t0=$(date +%s%N)
	smtp-source -s 10 -m "$1" -r 5 -f me@example.com -t someone@example.com "127.0.0.1:$smtp_port" ||
		fail "smtp-source failed"
	t1=$(date +%s%N)
	echo "$(( $1 * 5 * 1000000000 / (t1 - t0) )) recipients/s ($1 messages in $(( (t1 - t0) / 1000000 )) ms)"
}
if [ "${1:-}" = load ]; then
	n=${2:-1000}
	say "load with the policy check: $(timed_source "$n")"
	postconf -c "$conf" -e "smtpd_recipient_restrictions = permit_mynetworks, reject"
	postfix -c "$conf" reload >/dev/null 2>&1
	sleep 2
	say "load without it:            $(timed_source "$n")"
fi
