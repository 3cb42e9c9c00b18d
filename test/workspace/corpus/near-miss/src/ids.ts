export const REQUEST_ID = '3f2b8c1e-9d4a-4f6b-8e2c-1a7d5b9c3e0f'
export const ICON_HASH = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9'
export const tokenizer = new Tokenizer({ secret: false })
