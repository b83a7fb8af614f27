package botfunctions

import (
	"net/netip"
)

// specialPurpose lists every range of the IANA IPv4 and IPv6 Special-Purpose Address
// Registries (iana.org/assignments/iana-ipv4-special-registry and
// iana-ipv6-special-registry, as of 2024) plus multicast: none of them is global
// unicast, so test-webhook never dials them. Blocks whose registry entry has a few
// globally reachable sub-entries (anycast services such as 192.0.0.9/32 or
// 2001:1::1/128) are refused whole: no webhook is served there. The IPv6 ranges that
// embed an IPv4 address are not here; embeddedIPv4 judges them by that address.
var specialPurpose = []netip.Prefix{
	// IPv4
	netip.MustParsePrefix("0.0.0.0/8"),          // "This network" (RFC 791), incl. 0.0.0.0/32 "This host on this network"
	netip.MustParsePrefix("10.0.0.0/8"),         // Private-Use (RFC 1918)
	netip.MustParsePrefix("100.64.0.0/10"),      // Shared Address Space (RFC 6598, CGNAT)
	netip.MustParsePrefix("127.0.0.0/8"),        // Loopback (RFC 1122)
	netip.MustParsePrefix("169.254.0.0/16"),     // Link Local (RFC 3927), incl. cloud metadata 169.254.169.254
	netip.MustParsePrefix("172.16.0.0/12"),      // Private-Use (RFC 1918)
	netip.MustParsePrefix("192.0.0.0/24"),       // IETF Protocol Assignments (RFC 6890), incl. 192.0.0.0/29 IPv4 Service Continuity, 192.0.0.8/32 dummy, 192.0.0.170-171 NAT64/DNS64 Discovery
	netip.MustParsePrefix("192.0.2.0/24"),       // Documentation (TEST-NET-1, RFC 5737)
	netip.MustParsePrefix("192.31.196.0/24"),    // AS112-v4 (RFC 7535)
	netip.MustParsePrefix("192.52.193.0/24"),    // AMT (RFC 7450)
	netip.MustParsePrefix("192.88.99.0/24"),     // Deprecated (6to4 Relay Anycast, RFC 7526)
	netip.MustParsePrefix("192.168.0.0/16"),     // Private-Use (RFC 1918)
	netip.MustParsePrefix("192.175.48.0/24"),    // Direct Delegation AS112 Service (RFC 7534)
	netip.MustParsePrefix("198.18.0.0/15"),      // Benchmarking (RFC 2544)
	netip.MustParsePrefix("198.51.100.0/24"),    // Documentation (TEST-NET-2, RFC 5737)
	netip.MustParsePrefix("203.0.113.0/24"),     // Documentation (TEST-NET-3, RFC 5737)
	netip.MustParsePrefix("224.0.0.0/4"),        // Multicast (RFC 5771; IANA multicast registry)
	netip.MustParsePrefix("240.0.0.0/4"),        // Reserved (RFC 1112), incl. 255.255.255.255/32 Limited Broadcast
	netip.MustParsePrefix("100.100.100.200/32"), // Alibaba Cloud metadata (not IANA; a well-known metadata endpoint)

	// IPv6
	netip.MustParsePrefix("::/128"),            // Unspecified Address (RFC 4291)
	netip.MustParsePrefix("::1/128"),           // Loopback Address (RFC 4291)
	netip.MustParsePrefix("64:ff9b:1::/48"),    // Local-use IPv4/IPv6 Translation (RFC 8215): not globally reachable
	netip.MustParsePrefix("100::/64"),          // Discard-Only Address Block (RFC 6666)
	netip.MustParsePrefix("100:0:0:1::/64"),    // Dummy IPv6 Prefix (RFC 9780)
	netip.MustParsePrefix("2001::/23"),         // IETF Protocol Assignments (RFC 2928), incl. 2001::/32 TEREDO, 2001:2::/48 Benchmarking, 2001:10::/28 ORCHID, 2001:20::/28 ORCHIDv2
	netip.MustParsePrefix("2001:db8::/32"),     // Documentation (RFC 3849)
	netip.MustParsePrefix("2620:4f:8000::/48"), // Direct Delegation AS112 Service (RFC 7534)
	netip.MustParsePrefix("3fff::/20"),         // Documentation (RFC 9637)
	netip.MustParsePrefix("5f00::/16"),         // Segment Routing (SRv6) SIDs (RFC 9602)
	netip.MustParsePrefix("fc00::/7"),          // Unique-Local (RFC 4193), incl. AWS metadata fd00:ec2::254
	netip.MustParsePrefix("fe80::/10"),         // Link-Local Unicast (RFC 4291)
	netip.MustParsePrefix("fec0::/10"),         // Site-Local (deprecated, RFC 3879)
	netip.MustParsePrefix("ff00::/8"),          // Multicast (RFC 4291)
}

// Prefixes whose addresses embed an IPv4 address; embeddedIPv4 extracts it.
var (
	ipv4Mapped     = netip.MustParsePrefix("::ffff:0:0/96") // IPv4-mapped Address (RFC 4291)
	ipv4Compatible = netip.MustParsePrefix("::/96")         // IPv4-compatible (deprecated, RFC 4291 §2.5.5.1)
	nat64          = netip.MustParsePrefix("64:ff9b::/96")  // IPv4-IPv6 Translat. (RFC 6052)
	sixToFour      = netip.MustParsePrefix("2002::/16")     // 6to4 (RFC 3056): 2002:AABB:CCDD::/48
	globalUnicast6 = netip.MustParsePrefix("2000::/3")      // Global Unicast (IANA IPv6 address space)
)

// embeddedIPv4 returns the IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64
// or 6to4 address.
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	b := ip.As16()
	switch {
	case ipv4Mapped.Contains(ip), ipv4Compatible.Contains(ip), nat64.Contains(ip):
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
}

// blocked reports whether ip is anything but a global unicast address: an address of
// a special-purpose range, an IPv6 address outside 2000::/3, or an address that embeds
// a blocked IPv4 address. The zone of a scoped address is ignored.
func blocked(ip netip.Addr) bool {
	ip = ip.WithZone("")
	if !ip.IsValid() {
		return true
	}
	if ip.Is6() {
		if v4, ok := embeddedIPv4(ip); ok {
			return blocked(v4)
		}
	}
	for _, p := range specialPurpose {
		if p.Contains(ip) {
			return true
		}
	}
	return ip.Is6() && !globalUnicast6.Contains(ip)
}
