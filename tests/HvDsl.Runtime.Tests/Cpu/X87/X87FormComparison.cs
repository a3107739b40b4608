using System;
using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>
/// Compares one x87 form's case as the guest and the host left it: status word, arithmetic flags, RAX, MXCSR, the FNSAVE image
/// and the memory operand, bit for bit but for the instruction and data pointers (host and guest addresses differ), MXCSR_MASK
/// (the host's own), FXSAVE's XMM area (the case does not set XMM registers), FXSAVE's FOP while no exception is pending (AMD
/// stores it only then) and empty registers.
/// </summary>
internal static class X87FormComparison
{
    private const ulong ArithmeticFlags = 0x8D5; // OF, SF, ZF, AF, PF, CF

    /// <summary>Status bits an approximated result may differ in: C1 (rounded up), PE, UE, and ES and B that summarize them.</summary>
    private const ushort ApproximateStatus = 0x0200 | 0x20 | 0x10 | 0x80 | 0x8000;

    /// <summary>One save-image layout: its status and tag words, registers, and the byte ranges [start, end) not compared.</summary>
    private sealed record Layout(int Length, int StatusWord, int TagWord, bool Abridged, int Registers, int Stride, (int Start, int End)[] Skipped);

    private static readonly Layout Env14 = new(14, 2, 4, false, -1, 0, [(6, 14)]);
    private static readonly Layout State94 = Env14 with { Length = 94, Registers = 14, Stride = 10 };
    private static readonly Layout Env28 = new(28, 4, 8, false, -1, 0, [(12, 18), (20, 28)]);
    private static readonly Layout State108 = Env28 with { Length = 108, Registers = 28, Stride = 10 };
    private static readonly Layout Fxsave = new(512, 2, 4, true, 32, 16, [(8, 24), (28, 32), (160, 416)]);

    /// <summary>
    /// Forms whose results the SDM gives only to an accuracy (vol. 1, 8.3.10: within one ulp): FSIN, FCOS, FSINCOS, FPTAN,
    /// FPATAN, F2XM1, FYL2X, FYL2XP1. Every other form, FSQRT, FPREM, FPREM1, FRNDINT, FXTRACT and FSCALE among them, is exact.
    /// </summary>
    public static bool Approximated(Code code) => code.Mnemonic() is Mnemonic.Fsin or Mnemonic.Fcos or Mnemonic.Fsincos
        or Mnemonic.Fptan or Mnemonic.Fpatan or Mnemonic.F2xm1 or Mnemonic.Fyl2x or Mnemonic.Fyl2xp1;

    /// <summary>The first difference between the host's and the guest's outcome of one case, or null when they agree.</summary>
    public static string? Difference(Code code, X87FormBlock host, X87FormBlock guest)
    {
        var approximate = Approximated(code);
        var status = (ushort)(approximate ? ~ApproximateStatus : 0xFFFF);
        if (((host.StatusWord ^ guest.StatusWord) & status) != 0)
            return $"status word: host {host.StatusWord:X4}, guest {guest.StatusWord:X4}";
        if (((host.FlagsOut ^ guest.FlagsOut) & ArithmeticFlags) != 0)
            return $"rflags: host {host.FlagsOut & ArithmeticFlags:X3}, guest {guest.FlagsOut & ArithmeticFlags:X3}";
        if (host.RaxOut != guest.RaxOut)
            return $"rax: host {host.RaxOut:X16}, guest {guest.RaxOut:X16}";
        if (host.MxcsrOut != guest.MxcsrOut)
            return $"mxcsr: host {host.MxcsrOut:X8}, guest {guest.MxcsrOut:X8}";
        var hostBytes = X87FormBlock.Bytes(ref host);
        var guestBytes = X87FormBlock.Bytes(ref guest);
        if (Image(State108, hostBytes.Slice(X87FormBlock.SaveOffset, 108), guestBytes.Slice(X87FormBlock.SaveOffset, 108), approximate, status) is { } save)
            return "FNSAVE image " + save;
        ReadOnlySpan<byte> hostMemory = hostBytes.Slice(X87FormBlock.MemoryOffset, X87FormBlock.MemorySize);
        ReadOnlySpan<byte> guestMemory = guestBytes.Slice(X87FormBlock.MemoryOffset, X87FormBlock.MemorySize);
        var layout = !X87FormOperands.Stores(code) ? null : code.ToOpCode().MemorySize switch
        {
            MemorySize.FpuEnv14 => Env14,
            MemorySize.FpuState94 => State94,
            MemorySize.FpuEnv28 => Env28,
            MemorySize.FpuState108 => State108,
            MemorySize.Fxsave_512Byte or MemorySize.Fxsave64_512Byte => Fxsave,
            _ => null,
        };
        if (layout != null)
        {
            return Image(layout, hostMemory[..layout.Length], guestMemory[..layout.Length], approximate, status) is { } stored ? "stored image " + stored
                : Bytes(hostMemory[layout.Length..], guestMemory[layout.Length..], layout.Length, "memory");
        }
        return Bytes(hostMemory, guestMemory, 0, "memory");
    }

    private static string? Image(Layout layout, ReadOnlySpan<byte> host, ReadOnlySpan<byte> guest, bool approximate, ushort status)
    {
        int hostStatus = BitConverter.ToUInt16(host[layout.StatusWord..]), guestStatus = BitConverter.ToUInt16(guest[layout.StatusWord..]);
        if (((hostStatus ^ guestStatus) & status) != 0)
            return $"status word: host {hostStatus:X4}, guest {guestStatus:X4}";
        int registersEnd = layout.Registers < 0 ? -1 : layout.Registers + 8 * layout.Stride;
        for (var offset = 0; offset < layout.Length; offset++)
        {
            var skipped = offset == layout.StatusWord || offset == layout.StatusWord + 1 || (offset >= layout.Registers && offset < registersEnd);
            foreach (var (start, end) in layout.Skipped)
                skipped |= offset >= start && offset < end;
            // AMD processors store FXSAVE's FOP only while an exception is pending (ES set); Intel's always do.
            skipped |= layout.Abridged && (hostStatus & 0x80) == 0 && offset is 6 or 7;
            if (!skipped && host[offset] != guest[offset])
                return $"byte {offset}: host {Hex(host.Slice(offset & ~3, 4))}, guest {Hex(guest.Slice(offset & ~3, 4))}";
        }
        if (layout.Registers < 0)
            return null;
        int top = hostStatus >> 11 & 7, tags = layout.Abridged ? host[layout.TagWord] : BitConverter.ToUInt16(host[layout.TagWord..]);
        for (var i = 0; i < 8; i++)
        {
            var physical = (top + i) & 7;
            if (layout.Abridged ? (tags >> physical & 1) == 0 : (tags >> (2 * physical) & 3) == 3)
                continue;
            var slot = layout.Registers + i * layout.Stride;
            Extended80 h = Read(host[slot..]), g = Read(guest[slot..]);
            var same = approximate ? X87TranscendentalDifferentialTests.WithinOneUlp(h, g) : h == g;
            if (!same || !host.Slice(slot + 10, layout.Stride - 10).SequenceEqual(guest.Slice(slot + 10, layout.Stride - 10)))
                return $"ST({i}): host {h} {Hex(host.Slice(slot + 10, layout.Stride - 10))}, guest {g} {Hex(guest.Slice(slot + 10, layout.Stride - 10))}"
                    + (approximate ? " (more than one ulp apart)" : "");
        }
        return null;
    }

    private static string? Bytes(ReadOnlySpan<byte> host, ReadOnlySpan<byte> guest, int at, string what)
    {
        var first = host.CommonPrefixLength(guest);
        if (first == host.Length)
            return null;
        var from = first & ~15;
        var length = Math.Min(16, host.Length - from);
        return $"{what} at {at + from}: host {Hex(host.Slice(from, length))}, guest {Hex(guest.Slice(from, length))}";
    }

    private static Extended80 Read(ReadOnlySpan<byte> bytes) => new(BitConverter.ToUInt16(bytes[8..]), BitConverter.ToUInt64(bytes));

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
