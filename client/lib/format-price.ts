// Prices are dollars with cents, e.g. 20 -> "$20.00".
const formatPrice = (price: number): string => `$${price.toFixed(2)}`;

export default formatPrice;
