using System.Collections.Generic;
using System.Linq;
using System.Text;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Binding;

internal sealed partial class Binder
{
    private static readonly BoundTrapAction RaiseUd = new(TrapActionKind.Raise, "UD", 6, null);
    private static readonly BoundTrapAction RaiseGp0 = new(TrapActionKind.Raise, "GP", 13, 0);

    private BoundTrapTable BindTraps(TrapsSyntax traps)
    {
        var owner = traps.Name.Text;
        var seen = new HashSet<string>();
        var trapped = new HashSet<(string, OperandFilter)>();
        var rules = new List<BoundTrapRule>();
        var otherwise = RaiseUd;
        foreach (var rule in traps.Rules)
        {
            var action = BindAction(rule.Action);
            if (rule.IsOtherwise)
            {
                if (FirstSetting(seen, "otherwise", rule.Span, owner)) otherwise = action;
                continue;
            }
            var instructions = new List<BoundInstruction>();
            foreach (var name in rule.Instructions)
            {
                var instruction = InstructionNames.Resolve(name.Text);
                if (instruction is null)
                    Report(DiagnosticDescriptors.UnknownInstruction, name.Span, name.Text);
                else if (!instruction.Mnemonics.All(m => trapped.Add((m, instruction.Filter))))
                    Report(DiagnosticDescriptors.DuplicateInstruction, name.Span, name.Text, owner);
                else
                    instructions.Add(instruction);
            }
            rules.Add(new BoundTrapRule(rule.Span, instructions.ToEquatableArray(), action));
        }
        return new BoundTrapTable(owner, traps.Doc, traps.Span, rules.ToEquatableArray(), otherwise);
    }

    private BoundTrapAction BindAction(TrapActionSyntax action)
    {
        var target = action.Target;
        switch (action.Kind)
        {
            case TrapActionKind.Cpuid: Resolves<CpuidSyntax>(target!, "cpuid table"); break;
            case TrapActionKind.Msrs: Resolves<MsrsSyntax>(target!, "msrs table"); break;
            case TrapActionKind.Hypercalls: Resolves<HypercallsSyntax>(target!, "hypercalls table"); break;
            case TrapActionKind.Raise: return BindRaise(target!, action.ErrorCode);
        }
        return new BoundTrapAction(action.Kind, target?.Text, -1, null);
    }

    private BoundTrapAction BindRaise(NameSyntax exception, NumberSyntax? errorCode)
    {
        if (!X86Exceptions.ByName.TryGetValue(exception.Text, out var known))
        {
            Report(DiagnosticDescriptors.UnknownReference, exception.Span, "x86 exception (DE, DB, BP, UD, GP, PF, ...)", exception.Text,
                Spelling.DidYouMean(exception.Text, X86Exceptions.ByName.Keys));
            return RaiseUd;
        }
        if (errorCode is not null && !known.HasErrorCode)
            Report(DiagnosticDescriptors.ValueOutOfRange, errorCode.Span, "Error code", errorCode.Value, $"absent, because #{exception.Text} pushes none");
        else if (errorCode is not null)
            InRange(errorCode, "Error code", 0, uint.MaxValue);
        return new BoundTrapAction(TrapActionKind.Raise, exception.Text, known.Vector, known.HasErrorCode ? errorCode?.Value ?? 0 : null);
    }

    private BoundCpuidTable BindCpuid(CpuidSyntax cpuid)
    {
        var owner = cpuid.Name.Text;
        var leaves = new List<BoundCpuidLeaf>();
        var keys = new Dictionary<ulong, LeafKeys>();
        foreach (var leaf in cpuid.Leaves)
        {
            InRange(leaf.Leaf, "CPUID leaf", 0, uint.MaxValue);
            if (leaf.Subleaf is { } sub) InRange(sub, "CPUID subleaf", 0, uint.MaxValue);
            var subleaf = leaf.Subleaf?.Value;
            if (!keys.TryGetValue(leaf.Leaf.Value, out var used)) keys.Add(leaf.Leaf.Value, used = new LeafKeys());
            if (!used.Add(subleaf))
                Report(DiagnosticDescriptors.DuplicateNumber, leaf.Leaf.Span, "CPUID leaf", leaf.Leaf.Value, owner);
            var registers = BindCpuidValues(leaf);
            leaves.Add(new BoundCpuidLeaf(leaf.Doc, leaf.Span, (uint)leaf.Leaf.Value, (uint?)subleaf,
                registers[0], registers[1], registers[2], registers[3]));
        }
        return new BoundCpuidTable(owner, cpuid.Doc, cpuid.Span, leaves.ToEquatableArray());
    }

    /// <summary>The subleaves one CPUID leaf has so far; an entry without a subleaf covers them all.</summary>
    private sealed class LeafKeys
    {
        private readonly HashSet<ulong> subleaves = [];
        private bool any;

        /// <summary>Records <paramref name="subleaf"/>; false when an earlier entry already covers it.</summary>
        public bool Add(ulong? subleaf)
        {
            var clash = any || (subleaf is null ? subleaves.Count > 0 : !subleaves.Add(subleaf.Value));
            if (subleaf is null) any = true;
            return !clash;
        }
    }

    private static readonly string[] CpuidRegisters = ["eax", "ebx", "ecx", "edx"];

    // The vendor's register order follows the leaf: Intel's leaf 0 spells it over EBX, EDX, ECX, the hypervisor leaves (KVM, Hyper-V, Xen) over EBX, ECX, EDX.
    private static readonly string[] CpuVendorRegisters = ["ebx", "edx", "ecx"];
    private static readonly string[] HypervisorVendorRegisters = ["ebx", "ecx", "edx"];

    private static string[] VendorRegisters(ulong leaf) => leaf is >= 0x4000_0000 and <= 0x4FFF_FFFF ? HypervisorVendorRegisters : CpuVendorRegisters;

    /// <summary>EAX..EDX for one leaf; text is little-endian ASCII, <c>vendor</c> fills three registers in the order its leaf's convention uses.</summary>
    private uint[] BindCpuidValues(CpuidLeafSyntax leaf)
    {
        var values = new uint[4];
        var set = new HashSet<string>();
        foreach (var value in leaf.Values)
        {
            var register = value.Register.Text;
            if (register == "vendor")
            {
                if (value.Text is not { Value: { Length: 12 } text } || !IsAscii(text))
                {
                    Report(DiagnosticDescriptors.CpuidTextLength, value.Span, "vendor", value.Text?.Value ?? value.Number?.Value.ToString() ?? "", 12);
                    continue;
                }
                var order = VendorRegisters(leaf.Leaf.Value);
                for (var part = 0; part < order.Length; part++)
                {
                    if (FirstSetting(set, order[part], value.Span, $"leaf 0x{leaf.Leaf.Value:X}")) values[System.Array.IndexOf(CpuidRegisters, order[part])] = Pack(text.Substring(part * 4, 4));
                }
                continue;
            }
            var index = System.Array.IndexOf(CpuidRegisters, register);
            if (index < 0)
            {
                Report(DiagnosticDescriptors.UnknownRegisterName, value.Register.Span, register, "eax, ebx, ecx, edx or vendor");
                continue;
            }
            if (!FirstSetting(set, register, value.Span, $"leaf 0x{leaf.Leaf.Value:X}")) continue;
            if (value.Text is { } s)
            {
                if (s.Value.Length == 4 && IsAscii(s.Value)) values[index] = Pack(s.Value);
                else Report(DiagnosticDescriptors.CpuidTextLength, s.Span, register, s.Value, 4);
            }
            else if (value.Number is { } n)
            {
                if (Fits(n.Value, 32)) values[index] = (uint)n.Value;
                else Report(DiagnosticDescriptors.ValueTooWide, n.Span, "Value", n.Value, 32, "register", register);
            }
        }
        return values;
    }

    private static bool IsAscii(string text) => text.All(c => c < 128);

    private static uint Pack(string four) => System.BitConverter.ToUInt32(Encoding.ASCII.GetBytes(four), 0);

    private static readonly AccessKind[] MsrAccessKinds = [AccessKind.ReadOnly, AccessKind.WriteOnly, AccessKind.ReadWrite, AccessKind.WriteIgnored];

    private BoundMsrTable BindMsrs(MsrsSyntax msrs)
    {
        var owner = msrs.Name.Text;
        CheckUnique(msrs.Entries, m => m.Name, "MSR", owner);
        var indices = new HashSet<ulong>();
        var entries = new List<BoundMsr>();
        foreach (var msr in msrs.Entries)
        {
            InRange(msr.Index, "MSR index", 0, uint.MaxValue);
            if (!indices.Add(msr.Index.Value))
                Report(DiagnosticDescriptors.DuplicateNumber, msr.Index.Span, "MSR index", msr.Index.Value, owner);
            if (!MsrAccessKinds.Contains(msr.Access))
                Report(DiagnosticDescriptors.AccessKindNotAllowed, msr.Name.Span, msr.Access, "an MSR", "ro, wo, rw or wi");
            if (msr.Cpu && msr.Reset is { } reset)
                Report(DiagnosticDescriptors.ResetOfCpuMsr, reset.Span, msr.Name.Text);
            entries.Add(new BoundMsr(msr.Name.Text, msr.Doc, msr.Span, (uint)msr.Index.Value, msr.Access, msr.Cpu, msr.Cpu ? 0 : msr.Reset?.Value ?? 0));
        }
        var otherwise = RaiseGp0;
        if (msrs.Otherwise is { } action)
        {
            otherwise = BindAction(action);
            if (action.Kind is not (TrapActionKind.Raise or TrapActionKind.Ignore))
                Report(DiagnosticDescriptors.ActionNotAllowed, action.Span, action.Kind.ToString().ToLowerInvariant(), "an msrs table", "'raise GP(0)' or 'ignore'");
        }
        return new BoundMsrTable(owner, msrs.Doc, msrs.Span, entries.ToEquatableArray(), otherwise);
    }
}
