namespace HvDsl.Language.Emitting;

/// <summary>The C# type each declaration becomes, so emitters that refer to one another agree on names.</summary>
public static class TypeNames
{
    /// <summary>A device keeps its name: <c>Uart16550</c>.</summary>
    public static string Device(string name) => name;

    /// <summary><c>traps X86</c> → <c>X86TrapHandler</c>.</summary>
    public static string Traps(string name) => name + "TrapHandler";

    /// <summary><c>cpuid Cpuid</c> → <c>CpuidTable</c>.</summary>
    public static string Cpuid(string name) => name + "Table";

    /// <summary><c>msrs Msrs</c> → <c>MsrsTable</c>.</summary>
    public static string Msrs(string name) => name + "Table";

    /// <summary><c>hypercalls Kvm</c> → <c>KvmHypercalls</c>.</summary>
    public static string Hypercalls(string name) => name + "Hypercalls";

    /// <summary><c>service Echo</c> → <c>EchoService</c>.</summary>
    public static string Service(string name) => name + "Service";

    /// <summary><c>machine Pc</c> → <c>PcMachine</c>.</summary>
    public static string Machine(string name) => name + "Machine";
}
