using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using System.Net;
using HvDsl.Cli.Running;
using HvDsl.Runtime.Memory;

namespace HvDsl.Cli.Options;

/// <summary>
/// The typed options the commands share: each parses its text once, in System.CommandLine, and a bad value is a parse
/// error naming the option (<c>--load must be an address such as 0x1000 or 4096, not '0xZZ'</c>), so every command
/// reports it the same way and exits <see cref="ExitStatus.Usage"/>.
/// </summary>
internal static class TypedOptions
{
    /// <summary>Turns an option's text into its value, or says what is wrong (after the option's name).</summary>
    private delegate bool Parser<T>(string text, out T value, out string problem);

    /// <summary>A file's path, shown in help as <c>&lt;FILE&gt;</c>; the command reads it and names it in any error.</summary>
    public static Option<string> File(string name, string description) => new(name) { Description = description, HelpName = "FILE" };

    /// <summary><c>--serial stdio|null|FILE</c>: where COM1's output goes.</summary>
    public static Option<ConsoleRoute> Serial() => Console("--serial", "Where COM1's output goes.");

    /// <summary><c>--debugcon stdio|null|FILE</c>: where port 0xE9's and the console hypercall's output goes.</summary>
    public static Option<ConsoleRoute> Debugcon() => Console("--debugcon", "Where port 0xE9's and the console hypercall's output goes.");

    /// <summary>Where a guest console goes: <c>stdio</c> (the default), <c>null</c> or a file.</summary>
    private static Option<ConsoleRoute> Console(string name, string description)
    {
        var option = Typed(name, "stdio|null|FILE", description, (string text, out ConsoleRoute value, out string problem) =>
        {
            value = ConsoleRoute.Parse(text);
            return Check(text.Length > 0, "must be stdio, null or a file, not ''", out problem);
        });
        option.DefaultValueFactory = _ => ConsoleRoute.Stdio;
        return option;
    }

    /// <summary><c>--machine ASSEMBLY[:TYPE]</c>: a board of one's own instead of the reference PC.</summary>
    public static Option<string> Machine() => new("--machine")
    {
        HelpName = "ASSEMBLY[:TYPE]",
        Description = "Start the machine class (an HvDsl.Runtime.Machines.IMachine) built into ASSEMBLY instead of the reference PC; TYPE picks one of several.",
    };

    /// <summary><c>--progress auto|always|never</c>: the progress line of a guest run.</summary>
    public static Option<ProgressMode?> Progress() =>
        Choice<ProgressMode>("--progress", "Show instructions, rate and exits on stderr while the guest runs (auto: when neither output is redirected).");

    /// <summary>A guest-physical address or other number, hexadecimal (<c>0x</c>) or decimal.</summary>
    public static Option<ulong?> Address(string name, string description) =>
        Typed<ulong?>(name, "ADDR", description, (string text, out ulong? value, out string problem) =>
            Check(Number(text, out value), $"must be an address such as 0x1000 or 4096, not '{text}'", out problem));

    /// <summary>A positive instruction count.</summary>
    public static Option<ulong?> Count(string name, string description) =>
        Typed<ulong?>(name, "N", description, (string text, out ulong? value, out string problem) =>
            Check(Number(text, out value) && value > 0, $"must be a positive instruction count, not '{text}'", out problem));

    /// <summary>A count from 1 to <paramref name="max"/>, such as a number of vCPUs.</summary>
    public static Option<int?> Between(string name, string helpName, string description, int max) =>
        Typed<int?>(name, helpName, description, (string text, out int? value, out string problem) =>
        {
            value = Number(text, out var number) && number is >= 1 && number <= (ulong)max ? (int)number : null;
            return Check(value is not null, $"must be a number from 1 to {max}, not '{text}'", out problem);
        });

    /// <summary>A guest RAM size (<c>64MiB</c>, <c>16M</c>, <c>0x1000000</c>): whole pages, 1 MiB to 64 GiB, and no more than this host can give.</summary>
    public static Option<ulong?> RamSize(string name, string description) =>
        Typed<ulong?>(name, "SIZE", description, (string text, out ulong? value, out string problem) =>
        {
            value = GuestNumbers.TryParseSize(text, out var bytes) ? bytes : null;
            if (value is null) return Check(false, $"must be a size such as 64MiB, 16M or 0x1000000, not '{text}'", out problem);
            if (!GuestRamSize.IsValid(bytes)) return Check(false, $"must be a whole number of 4 KiB pages from 1 MiB to 64 GiB, not '{text}'", out problem);
            return Check(GuestRamSize.FitsHost(bytes), $"{text} is more than this host can give ({PhysicalMemory.HostLimit >> 20} MiB)", out problem);
        });

    /// <summary>One of an enum's names, case-insensitive, listed in help as <c>&lt;a|b|c&gt;</c>.</summary>
    public static Option<T?> Choice<T>(string name, string description) where T : struct, Enum
    {
        var names = Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToArray();
        var option = Typed<T?>(name, string.Join('|', names), description, (string text, out T? value, out string problem) =>
        {
            value = names.Contains(text.ToLowerInvariant()) ? Enum.Parse<T>(text, ignoreCase: true) : null;
            return Check(value is not null, $"must be {string.Join(", ", names[..^1])} or {names[^1]}, not '{text}'", out problem);
        });
        option.CompletionSources.Add(names);
        return option;
    }

    /// <summary>A TCP port; 0 (pick a free one) only when <paramref name="allowZero"/>.</summary>
    public static Option<ushort?> Port(string name, string description, bool allowZero) =>
        Typed(name, "PORT", description, PortParser(allowZero));

    /// <summary>A TCP port from 1 as an argument, with the rule and message of <see cref="Port"/>.</summary>
    public static Argument<ushort?> PortArgument(string name, string description)
    {
        var parse = PortParser(allowZero: false);
        return new Argument<ushort?>(name) { Description = description, CustomParser = result => Parse(result, name, parse) };
    }

    /// <summary><c>HOST:PORT</c>, the port from 1 to 65535.</summary>
    public static Option<DnsEndPoint?> HostPort(string name, string description) =>
        Typed<DnsEndPoint?>(name, "HOST:PORT", description, (string text, out DnsEndPoint? value, out string problem) =>
        {
            var colon = text.LastIndexOf(':');
            value = colon > 0 && ushort.TryParse(text.AsSpan(colon + 1), out var port) && port > 0 ? new DnsEndPoint(text[..colon], port) : null;
            return Check(value is not null, $"must be HOST:PORT with a port from 1 to 65535, not '{text}'", out problem);
        });

    /// <summary><c>tcp:HOST:PORT</c>: a host TCP service a serial port connects to, as QEMU's <c>-serial tcp:</c>.</summary>
    public static Option<DnsEndPoint?> SerialLine(string name, string description) =>
        Typed<DnsEndPoint?>(name, "tcp:HOST:PORT", description, (string text, out DnsEndPoint? value, out string problem) =>
        {
            var target = text.StartsWith("tcp:", StringComparison.Ordinal) ? text[4..] : "";
            var colon = target.LastIndexOf(':');
            value = colon > 0 && ushort.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0
                ? new DnsEndPoint(target[..colon].Trim('[', ']'), port) : null;
            return Check(value is not null, $"must be tcp:HOST:PORT with a port from 1 to 65535, not '{text}'", out problem);
        });

    /// <summary>A UTC date (<c>2024-05-01</c>) or date and time (<c>2024-05-01T12:30:00</c>) in the years a PC's RTC keeps, 1900 to 2099.</summary>
    public static Option<DateTime?> UtcDate(string name, string description) =>
        Typed<DateTime?>(name, "DATE", description, (string text, out DateTime? value, out string problem) =>
        {
            value = DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'"], CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date) && date.Year is >= 1900 and <= 2099 ? date : null;
            return Check(value is not null, $"must be a UTC date from 1900 to 2099 such as 2024-05-01 or 2024-05-01T12:30:00, not '{text}'", out problem);
        });

    /// <summary>A port to listen on, on 127.0.0.1, or an IP address and port (<c>HOST:PORT</c>); port 0 asks the system for a free one.</summary>
    public static Option<IPEndPoint?> Listen(string name, string description) =>
        Typed<IPEndPoint?>(name, "[HOST:]PORT", description, (string text, out IPEndPoint? value, out string problem) =>
        {
            var colon = text.LastIndexOf(':');
            var host = colon < 0 ? IPAddress.Loopback : IPAddress.TryParse(text.AsSpan(0, colon).Trim("[]"), out var address) ? address : null;
            value = host is not null && ushort.TryParse(text.AsSpan(colon + 1), out var port) ? new IPEndPoint(host, port) : null;
            return Check(value is not null, $"must be PORT or HOST:PORT with HOST an IP address and a port from 0 to 65535, not '{text}'", out problem);
        });

    /// <summary>The IP address to listen on, 127.0.0.1 when not given.</summary>
    public static Option<IPAddress?> Bind(string description)
    {
        var option = Typed<IPAddress?>("--bind", "ADDR", description, (string text, out IPAddress? value, out string problem) =>
            Check(IPAddress.TryParse(text, out value), $"must be an IP address, not '{text}'", out problem));
        option.DefaultValueFactory = _ => IPAddress.Loopback;
        return option;
    }

    /// <summary>A number of seconds more than 0, <paramref name="fallback"/> when not given.</summary>
    public static Option<double?> Seconds(string name, string description, double fallback)
    {
        var option = Typed<double?>(name, "SECONDS", description, (string text, out double? value, out string problem) =>
        {
            value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds > 0 ? seconds : null;
            return Check(value is not null, $"must be a number of seconds more than 0, not '{text}'", out problem);
        });
        option.DefaultValueFactory = _ => fallback;
        return option;
    }

    private static Parser<ushort?> PortParser(bool allowZero) => (string text, out ushort? value, out string problem) =>
    {
        value = ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && (allowZero || port > 0) ? port : null;
        return Check(value is not null, $"must be a TCP port from {(allowZero ? 0 : 1)} to 65535, not '{text}'", out problem);
    };

    private static bool Number(string text, out ulong? value)
    {
        value = GuestNumbers.TryParseAddress(text, out var number) ? number : null;
        return value is not null;
    }

    private static Option<T> Typed<T>(string name, string helpName, string description, Parser<T> parse) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result => Parse(result, name, parse),
    };

    private static T Parse<T>(ArgumentResult result, string name, Parser<T> parse)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (parse(text, out var value, out var problem)) return value;
        result.AddError($"{name} {problem}");
        return default!;
    }

    private static bool Check(bool ok, string message, out string problem)
    {
        problem = ok ? "" : message;
        return ok;
    }
}
