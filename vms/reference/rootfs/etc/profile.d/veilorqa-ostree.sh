# Debian's grub has no BLS support: ostree writes the grub menu through the recipe's generator.
export OSTREE_GRUB2_EXEC=/usr/libexec/veilorqa/ostree-grub-generator
