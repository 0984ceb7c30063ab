import Router from 'next/router';
import { useState } from 'react';
import { priceError, titleError } from '@ticketing/common/rules';
import useRequest from '../hooks/use-request';
import FormCard from './form-card';
import FormField from './form-field';
import fieldErrors from '../lib/field-errors';

interface TicketFormProps {
  heading: string;
  submitLabel: string;
  url: string;
  method: 'post' | 'put';
  successPath: string;
  initialTitle?: string;
  initialPrice?: number;
}

// Shows a typed price as money (12.5 -> "12.50"); leaves any price the rules refuse as typed
// (never rounding 20.001 to 20.00), so the form can say what is wrong with it.
const tidyPrice = (price: string): string => {
  const value = parseFloat(price);
  return priceError(value) ? price : value.toFixed(2);
};

// Creating and editing a ticket ask for the same fields; only the request and wording differ.
const TicketForm = ({
  heading,
  submitLabel,
  url,
  method,
  successPath,
  initialTitle = '',
  initialPrice,
}: TicketFormProps) => {
  const [title, setTitle] = useState(initialTitle);
  const [price, setPrice] = useState(initialPrice === undefined ? '' : initialPrice.toFixed(2));
  const {
    doRequest,
    errors,
    fieldErrors: shown,
  } = useRequest({
    url,
    method,
    body: { title, price: parseFloat(price) },
    fields: ['title', 'price'],
    validate: () => fieldErrors({ title: titleError(title), price: priceError(parseFloat(price)) }),
    onSuccess: () => Router.push(successPath),
  });

  return (
    <FormCard heading={heading} columns="col-md-8 col-lg-6" onSubmit={doRequest}>
      <FormField id="title" label="Title" value={title} onChange={setTitle} error={shown.title} />
      <FormField
        id="price"
        label="Price"
        inputMode="decimal"
        value={price}
        onChange={setPrice}
        onBlur={() => setPrice(tidyPrice(price))}
        error={shown.price}
      />
      {errors}
      <button type="submit" className="btn btn-primary">
        {submitLabel}
      </button>
    </FormCard>
  );
};

export default TicketForm;
