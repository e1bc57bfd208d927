export async function seedEnterprises(): Promise<void> {}
