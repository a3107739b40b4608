/* The guest's entry: take on the FXSAVE state (CR4.OSFXSR, OSXMMEXCPT), a clean FPU, an aligned stack, then run(0x300000) and halt. */
    .section .text.start, "ax"
    .globl _start
_start:
    mov %cr4, %rax
    or $0x600, %rax
    mov %rax, %cr4
    fninit
    and $-16, %rsp
    mov $0x300000, %edi
    call run
1:  hlt
    jmp 1b
