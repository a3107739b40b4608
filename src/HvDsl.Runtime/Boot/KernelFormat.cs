namespace HvDsl.Runtime.Boot;

/// <summary>The boot protocols <see cref="KernelLoader"/> speaks; each is detected from the file itself unless named.</summary>
public enum KernelFormat
{
    /// <summary>A plain ELF32 or ELF64 executable: PT_LOAD segments at their physical addresses, then its entry point.</summary>
    Elf,
    /// <summary>Multiboot v1: a header in the first 8 KiB, an information block in EBX.</summary>
    Multiboot,
    /// <summary>PVH: an ELF with Xen's PHYS32_ENTRY note, an <c>hvm_start_info</c> in EBX.</summary>
    Pvh,
    /// <summary>The Linux x86 boot protocol for a bzImage: a <c>boot_params</c> zero page in ESI/RSI.</summary>
    Linux,
}
