using System;
using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Binding;

internal sealed partial class Binder
{
    // Members every generated device class declares (IIoDevice, IDeviceState, its helpers and snapshot hooks); a spec name equal to one would redeclare it.
    private static readonly string[] DeviceMembers =
        [
            "Size", "Reset", "Read", "Write", "Save", "Restore", "RegisterMap", "AllOnes", "OnReset", "OnSave", "OnRestore",
            "ReadPart", "ReadHalves", "WritePart", "WriteHalves",
        ];

    // The prefixes of the generated names made of parts below: a register name can spell such a name only when it starts with one or holds '_'.
    private static readonly string[] ComposedPrefixes = ["Get", "Set", "Compute", "Apply"];

    /// <summary>Reports HV0041 for each name that would give the generated device class a second member of the same name.</summary>
    /// <remarks>The register index (each register name's first index) holds the registers' own names, so the table of claims need not.</remarks>
    private void CheckGeneratedNames(
        string owner, IReadOnlyList<RegisterSyntax> registers, Dictionary<string, int> registerIndex, bool[] repeats, IEnumerable<NameSyntax> irqs,
        IReadOnlyList<EnumSyntax> enums)
    {
        // Who holds each member name: the holder's kind and name, put into words only for a clash; names are kept as their parts.
        // A register can clash with a composed name only when it could spell one: only those registers enter the table.
        var composable = new bool[registers.Count];
        var claims = enums.Count + DeviceMembers.Length + 1;
        for (var i = 0; i < registers.Count; i++)
        {
            var register = registers[i];
            composable[i] = !repeats[i] && CanSpellComposed(register.Name.Text);
            claims += (composable[i] ? 1 : 0) + register.Fields.Length * (register.Count is null ? 1 : 2) + (register.Computed ? 2 : 0)
                + (register.BeforeReadHook is null ? 0 : 1) + (register.ReadHook is null ? 0 : 1) + (register.WriteHook is null ? 0 : 1);
        }
        var members = new Dictionary<MemberName, (string? Kind, string Name)>(claims) { [new MemberName("", owner)] = ("the device type", owner) };
        foreach (var member in DeviceMembers) members[new MemberName("", member)] = (null, "a member every device has");
        var hooks = new HashSet<string>(StringComparer.Ordinal);

        void Claim(NameSyntax name, MemberName member, string kind)
        {
            if (members.TryGetValue(member, out var holder)) Clash(name, member, kind, holder);
            // Only a name of one part can equal a register the table does not hold.
            else if (member.Plain is { } plain && registerIndex.ContainsKey(plain)) Clash(name, member, kind, ("Register", plain));
            else members[member] = (kind, name.Text);
        }

        void Clash(NameSyntax name, MemberName member, string kind, (string? Kind, string Name) holder) =>
            Report(DiagnosticDescriptors.GeneratedMemberClash, name.Span, kind, name.Text, member.ToString(), holder.Kind is null ? holder.Name : $"{holder.Kind.ToLowerInvariant()} '{holder.Name}'");

        void ClaimHook(NameSyntax? hook)
        {
            // One hook may serve several registers, so only its first use claims the name.
            if (hook is not null && hooks.Add(hook.Text)) Claim(hook, new MemberName("", hook.Text), "Hook");
        }

        // Duplicate registers are HV0003 already; only the device's own names are claimed before the registers.
        for (var i = 0; i < registers.Count; i++)
        {
            if (repeats[i]) continue;
            var name = registers[i].Name;
            var member = new MemberName("", name.Text);
            if (members.TryGetValue(member, out var holder)) Clash(name, member, "Register", holder);
            else if (composable[i]) members[member] = ("Register", name.Text);
        }
        foreach (var irq in irqs.GroupBy(i => i.Text).Select(g => g.First())) Claim(irq, new MemberName("", irq.Text), "Interrupt output");
        // Duplicate enums are HV0003 already; a shared enum is a nested type of the device, named as declared.
        foreach (var shared in enums.GroupBy(e => e.Name.Text).Select(g => g.First())) Claim(shared.Name, new MemberName("", shared.Name.Text), "Enum");
        foreach (var register in registers)
        {
            foreach (var field in register.Fields)
            {
                if (field.Access == AccessKind.Reserved || register.Access == AccessKind.Reserved) continue;
                if (register.Count is null) Claim(field.Name, new MemberName("", register.Name.Text, field.Name.Text), "Field");
                else
                {
                    Claim(field.Name, new MemberName("Get", register.Name.Text, field.Name.Text), "Field");
                    Claim(field.Name, new MemberName("Set", register.Name.Text, field.Name.Text), "Field");
                }
            }
            if (register.Computed)
            {
                Claim(register.Name, new MemberName("Compute", register.Name.Text), "Register");
                if (GuestWritable(register)) Claim(register.Name, new MemberName("Apply", register.Name.Text), "Register");
            }
            else if (register.Count is not null && !GuestWritable(register)) Claim(register.Name, new MemberName("Set", register.Name.Text), "Register");
            ClaimHook(register.BeforeReadHook);
            ClaimHook(register.ReadHook);
            ClaimHook(register.WriteHook);
        }
    }

    private static bool CanSpellComposed(string name)
    {
        if (name.IndexOf('_') >= 0) return true;
        foreach (var prefix in ComposedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    // As the generator's RegisterBits.Writable: some bit of the register a guest write can change.
    private static bool GuestWritable(RegisterSyntax register)
    {
        var outside = register.ReservedOutsideFields ? AccessKind.Reserved : register.Access;
        for (var bit = 0; bit < Bytes(register.Type.Text) * 8; bit++)
        {
            var kind = outside;
            foreach (var field in register.Fields.Where(f => (ulong)bit >= f.Low.Value && (ulong)bit <= (f.High ?? f.Low).Value)) kind = field.Access ?? register.Access;
            if (Changes(kind)) return true;
        }
        return false;
    }

    // The width without a report: binding the register reports an unknown type (HV0027) once.
    private static int Bytes(string type) => type switch { "u8" => 1, "u16" => 2, "u32" => 4, "u64" => 8, _ => 0 };

    private static bool Changes(AccessKind kind) => kind is AccessKind.WriteOnly or AccessKind.ReadWrite or AccessKind.WriteOneToClear or AccessKind.WriteOneToSet;
}
